package dev.mirrorsync.bench;

/**
 * One timed run and what the server saw of it.
 *
 * @param wallMillis elapsed time
 * @param cpuMillis user + system CPU: of all processes for a script; of the JVM (its process CPU less the
 *     counting proxy's threads) for an in-process run
 * @param peakMemoryMb peak RSS of the largest process for a script; peak heap in use for an in-process run
 * @param converged whether the run left the repositories as a correct run must (synced, or untouched and reported)
 * @param detail what the run said about itself (outcome, exit code)
 */
record Measurement(
        String size,
        int commits,
        String scenario,
        Approach approach,
        int rep,
        double wallMillis,
        double cpuMillis,
        double peakMemoryMb,
        CountingProxy.Counts counts,
        boolean converged,
        String detail) {

    static final String CSV_HEADER = "size,commits,scenario,approach,rep,wall_ms,cpu_ms,peak_mb,memory_kind,"
            + "bytes_to_server,bytes_to_client,requests,advertisements,packs_to_server,objects_to_server,"
            + "packs_to_client,objects_to_client,converged,detail";

    String csv() {
        return String.join(
                ",",
                size,
                Integer.toString(commits),
                scenario,
                approach.name(),
                Integer.toString(rep),
                fmt(wallMillis),
                fmt(cpuMillis),
                fmt(peakMemoryMb),
                approach.process ? "rss" : "heap",
                Long.toString(counts.bytesToServer()),
                Long.toString(counts.bytesToClient()),
                Long.toString(counts.requests()),
                Long.toString(counts.advertisements()),
                Long.toString(counts.packsToServer()),
                Long.toString(counts.objectsToServer()),
                Long.toString(counts.packsToClient()),
                Long.toString(counts.objectsToClient()),
                Boolean.toString(converged),
                '"' + detail.replace('"', '\'').replace('\n', ' ') + '"');
    }

    static Measurement parse(String line) {
        String[] f = line.split(",", 19);
        CountingProxy.Counts counts = new CountingProxy.Counts(
                Long.parseLong(f[9]),
                Long.parseLong(f[10]),
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                Long.parseLong(f[15]),
                Long.parseLong(f[16]),
                0);
        String detail = f[18].length() >= 2 ? f[18].substring(1, f[18].length() - 1) : f[18];
        return new Measurement(
                f[0],
                Integer.parseInt(f[1]),
                f[2],
                Approach.valueOf(f[3]),
                Integer.parseInt(f[4]),
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6]),
                Double.parseDouble(f[7]),
                counts,
                Boolean.parseBoolean(f[17]),
                detail);
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
