package io.junction.routes;

import java.text.ParseException;
import java.util.Map;

import org.apache.camel.util.URISupport;
import org.quartz.CronExpression;

/**
 * The cron expression of a {@code cron:} ({@code schedule}) or {@code quartz:} ({@code cron}) endpoint, read as
 * Quartz reads it when the route starts: a bad one failed the route's start, after validate had passed it.
 */
final class CronSchedules {

    private CronSchedules() {
    }

    /** The option holding the schedule and why Quartz refuses it, or null when there is none or it is valid. */
    static String[] invalid(String scheme, String uri) {
        String option = "cron".equals(scheme) ? "schedule" : "quartz".equals(scheme) ? "cron" : null;
        int q = uri.indexOf('?');
        if (option == null || q < 0) {
            return null;
        }
        Object value;
        try {
            Map<String, Object> query = URISupport.parseQuery(uri.substring(q + 1));
            value = query.get(option);
        } catch (Exception e) {
            return null;
        }
        if (value == null || String.valueOf(value).contains("{{")) {
            return null;
        }
        String schedule = String.valueOf(value).replace('+', ' ').trim();
        if ("cron".equals(scheme) && schedule.split("\\s+").length == 5) {
            schedule = "0 " + schedule; // camel-cron adds the seconds Quartz requires to a five-field schedule
        }
        try {
            CronExpression.validateExpression(schedule);
            return null;
        } catch (ParseException e) {
            return new String[] { option, "'" + value + "' is not a cron expression Quartz accepts: "
                    + e.getMessage().replaceFirst("\\.$", "") };
        }
    }
}
