package ge.wardops.report;

/** One place of a Top N list: the worst branches or devices by downtime, RTT or loss. */
public record TopEntry(Category category, int rank, String name, String parent, double value) {

    public enum Category {
        BRANCH_DOWNTIME("Branches by downtime", "minutes"), DEVICE_DOWNTIME("Devices by downtime", "minutes"),
        DEVICE_RTT("Devices by mean RTT", "ms"), DEVICE_LOSS("Devices by mean loss", "%");

        private final String title;
        private final String unit;

        Category(String title, String unit) {
            this.title = title;
            this.unit = unit;
        }

        public String title() {
            return title;
        }

        public String unit() {
            return unit;
        }
    }
}
