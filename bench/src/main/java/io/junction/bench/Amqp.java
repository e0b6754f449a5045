package io.junction.bench;

/** Qpid JMS connection details shared by the fill tools and the baseline. */
public final class Amqp {

    private Amqp() {
    }

    /** Qpid JMS waits forever on a broker that does not answer unless the URL sets timeouts. */
    public static String withTimeouts(String url) {
        return url + (url.contains("?") ? "&" : "?") + "jms.requestTimeout=10000&jms.connectTimeout=5000";
    }
}
