package io.junction.secrets;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.junction.logging.BoundedStack;
import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks secret values in every log record before a handler writes it: the formatted message and the messages of
 * the exception chain (a failing endpoint's URI, with a token in it, is a typical exception message); stack traces
 * are cut to their first frames ({@link BoundedStack}). Installed on the console handler by
 * {@code quarkus.log.console.filter=junction-secrets}.
 */
@LoggingFilter(name = "junction-secrets")
public final class SecretLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String masked = Secrets.mask(formatted);
        if (masked != null && !masked.equals(formatted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(BoundedStack.of(MaskedThrowable.of(record.getThrown())));
        }
        return true;
    }
}
