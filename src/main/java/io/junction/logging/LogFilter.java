package io.junction.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.junction.secrets.MaskedThrowable;
import io.junction.secrets.Secrets;
import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * What every log record goes through before a handler writes it: secret values are masked in the formatted message
 * and in the messages of the exception chain (a failing endpoint's URI, with a token in it, is a typical exception
 * message), and stack traces are cut to their first frames ({@link BoundedStack}). Installed on the console handler
 * by {@code quarkus.log.console.filter=junction-log}.
 */
@LoggingFilter(name = "junction-log")
public final class LogFilter implements Filter {

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
