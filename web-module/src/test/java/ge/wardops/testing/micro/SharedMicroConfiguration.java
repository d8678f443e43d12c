package ge.wardops.testing.micro;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

import java.io.File;

/** The {@code <configuration>} of arquillian.xml's container: how to start the Payara Micro under test. */
public class SharedMicroConfiguration implements ContainerConfiguration {

    private String microJar;
    private String cmdOptions = "";
    private String extraMicroOptions = "";
    private int startupTimeoutInSeconds = 300;
    private String logDir = "target/micro-logs";

    @Override
    public void validate() throws ConfigurationException {
        if (microJar == null || !new File(microJar).isFile()) {
            throw new ConfigurationException("microJar must name the Payara Micro jar: " + microJar);
        }
        if (startupTimeoutInSeconds <= 0) {
            throw new ConfigurationException("startupTimeoutInSeconds must be positive");
        }
    }

    public String getMicroJar() {
        return microJar;
    }

    public void setMicroJar(String microJar) {
        this.microJar = microJar;
    }

    /** JVM options, split at white space. */
    public String getCmdOptions() {
        return cmdOptions;
    }

    public void setCmdOptions(String cmdOptions) {
        this.cmdOptions = cmdOptions;
    }

    /** Payara Micro's own options after the jar, split at white space. */
    public String getExtraMicroOptions() {
        return extraMicroOptions;
    }

    public void setExtraMicroOptions(String extraMicroOptions) {
        this.extraMicroOptions = extraMicroOptions;
    }

    public int getStartupTimeoutInSeconds() {
        return startupTimeoutInSeconds;
    }

    public void setStartupTimeoutInSeconds(int startupTimeoutInSeconds) {
        this.startupTimeoutInSeconds = startupTimeoutInSeconds;
    }

    /** Where each server's output goes, one file per start. */
    public String getLogDir() {
        return logDir;
    }

    public void setLogDir(String logDir) {
        this.logDir = logDir;
    }
}
