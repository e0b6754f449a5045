package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory and CPU of another process, from Linux /proc. */
public final class ProcStats {

    /** USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** Peak resident set size (VmHWM) in MB, or NaN when the process is gone. */
    public static double peakRssMb(long pid) {
        return statusMb(pid, "VmHWM:");
    }

    /** Resident set size now (VmRSS) in MB, or NaN when the process is gone. */
    public static double rssMb(long pid) {
        return statusMb(pid, "VmRSS:");
    }

    /** A kB field of /proc/PID/status in MB, or NaN when the process is gone. */
    private static double statusMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return Double.NaN;
    }

    /** User + system CPU time the process used so far, in milliseconds, or NaN when it is gone. */
    public static double cpuMillis(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces; fields after it are plain.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The pid in a pid file, or -1. */
    public static long pidFrom(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return Files.exists(Path.of("/proc/" + pid)) ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
