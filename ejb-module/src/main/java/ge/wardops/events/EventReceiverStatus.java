package ge.wardops.events;

/**
 * Whether the receivers listen and what they counted (the API's {@code /events/receivers}, metrics).
 *
 * @param trapProblem   why the trap socket is not open (address in use, no permission), else {@code null}
 * @param syslogProblem the same for syslog
 */
public record EventReceiverStatus(boolean trapListening, String trapAddress, int trapPort, String trapProblem,
                                  boolean syslogListening, String syslogAddress, int syslogPort, String syslogProblem,
                                  EventIntake.Counters counters) {
}
