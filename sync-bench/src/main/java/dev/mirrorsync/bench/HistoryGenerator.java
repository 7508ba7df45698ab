package dev.mirrorsync.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Writes realistic histories straight into a bare repository with {@code git fast-import}: source-like text
 * files edited a few lines at a time, merge commits of short topic branches, a few large binary blobs, several
 * authors. Deterministic for a seed. Tens of thousands of commits take seconds, not minutes.
 */
final class HistoryGenerator {
    static final int MERGE_EVERY = 25;
    private static final int TOPIC_COMMITS = 3;
    private static final String[] WORDS = ("return final static void int long String List Map value result count index"
                    + " builder config options request response branch commit remote local cache tip ref lease push fetch"
                    + " merge base report issue tracker state plan action outcome private public mirror sync error retry"
                    + " if else for while try catch throw new this null true false import package class record interface")
            .split(" ");
    private static final String[] AUTHORS = {
        "Ada Lovelace <ada@example.invalid>",
        "Alan Turing <alan@example.invalid>",
        "Grace Hopper <grace@example.invalid>",
        "Edsger Dijkstra <edsger@example.invalid>",
        "Barbara Liskov <barbara@example.invalid>"
    };

    private final SplittableRandom random;
    private long time = 1_600_000_000L;

    HistoryGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Generates {@code size}'s history on {@code refs/heads/main} of the bare repository {@code repo}. */
    void generate(Path repo, RepoSize size) {
        FastImport.into(repo, out -> writeHistory(out, size));
    }

    private void writeHistory(FastImport.Stream out, RepoSize size) {
        int dirs = Math.max(1, size.files() / 100);
        List<String> paths = new ArrayList<>(size.files());
        List<List<String>> contents = new ArrayList<>(size.files());
        for (int i = 0; i < size.files(); i++) {
            paths.add(String.format("src/module%02d/File%05d.java", i % dirs, i));
            List<String> lines = new ArrayList<>();
            int count = 20 + random.nextInt(40);
            for (int l = 0; l < count; l++) {
                lines.add(line());
            }
            contents.add(lines);
        }
        int mark = 0;
        // the initial commit holds the whole tree
        out.commit("refs/heads/main", ++mark, author(), tick(), "Initial import", List.of());
        for (int i = 0; i < size.files(); i++) {
            out.modify(paths.get(i), String.join("\n", contents.get(i)) + "\n");
        }
        int mainMark = mark;
        int made = 1;
        int blobEvery =
                size.largeBlobs() == 0 ? Integer.MAX_VALUE : Math.max(2, size.commits() / (size.largeBlobs() + 1));
        int blobs = 0;
        while (made < size.commits()) {
            if (made % MERGE_EVERY == 0 && made + TOPIC_COMMITS + 1 < size.commits()) {
                // a topic branch of a few commits off main, then a merge commit with two parents
                int topicMark = mainMark;
                List<Integer> touched = new ArrayList<>();
                for (int t = 0; t < TOPIC_COMMITS; t++) {
                    out.commit(
                            "refs/bench/topic",
                            ++mark,
                            author(),
                            tick(),
                            "Topic change " + made + "." + t,
                            List.of(":" + topicMark));
                    topicMark = mark;
                    touched.add(edit(out, paths, contents));
                    made++;
                }
                out.commit(
                        "refs/heads/main",
                        ++mark,
                        author(),
                        tick(),
                        "Merge topic " + made,
                        List.of(":" + mainMark, ":" + topicMark));
                for (int file : touched) {
                    out.modify(paths.get(file), String.join("\n", contents.get(file)) + "\n");
                }
                mainMark = mark;
                made++;
                continue;
            }
            out.commit("refs/heads/main", ++mark, author(), tick(), subject(made), List.of(":" + mainMark));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                edit(out, paths, contents);
            }
            if (made % blobEvery == 0 && blobs < size.largeBlobs()) {
                byte[] blob = new byte[size.largeBlobBytes()];
                random.nextBytes(blob);
                out.modify("assets/blob" + blobs + ".bin", blob);
                blobs++;
            }
            mainMark = mark;
            made++;
        }
    }

    /** Replaces or appends a few lines of one file; returns which. */
    private int edit(FastImport.Stream out, List<String> paths, List<List<String>> contents) {
        int file = random.nextInt(paths.size());
        List<String> lines = contents.get(file);
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            if (random.nextInt(4) == 0 || lines.isEmpty()) {
                lines.add(random.nextInt(lines.size() + 1), line());
            } else {
                lines.set(random.nextInt(lines.size()), line());
            }
        }
        out.modify(paths.get(file), String.join("\n", lines) + "\n");
        return file;
    }

    private String line() {
        StringBuilder line = new StringBuilder("    ");
        int words = 4 + random.nextInt(8);
        for (int w = 0; w < words; w++) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(w == words - 1 ? ';' : ' ');
        }
        return line.toString();
    }

    private String subject(int n) {
        return WORDS[random.nextInt(WORDS.length)] + ": change " + WORDS[random.nextInt(WORDS.length)] + " (#" + n
                + ")";
    }

    private String author() {
        return AUTHORS[random.nextInt(AUTHORS.length)];
    }

    private long tick() {
        time += 30 + random.nextInt(3600);
        return time;
    }

    /**
     * Appends {@code count} new commits on {@code ref}, starting at {@code from}: each adds one small file under
     * {@code changes/<tag>/}, in folders of 32 so that no tree grows large. Every tag makes new objects, so no
     * cache can already hold them. Returns the new tip.
     */
    static String append(Path repo, String ref, String from, int count, String tag, long epochSeconds) {
        FastImport.into(repo, out -> {
            String parent = from;
            for (int i = 0; i < count; i++) {
                out.commit(
                        ref,
                        i + 1,
                        AUTHORS[i % AUTHORS.length],
                        epochSeconds + i,
                        "bench " + tag + " commit " + i,
                        List.of(parent));
                out.modify(
                        "changes/" + tag + "/" + (i / 32) + "/" + (i % 32) + ".txt",
                        "change " + i + " of " + tag + "\n");
                parent = ":" + (i + 1);
            }
        });
        return Processes.git(repo, "rev-parse", ref);
    }

    /** A {@code git fast-import} process and the stream it reads. */
    static final class FastImport {
        interface Writer {
            void write(Stream out);
        }

        static void into(Path repo, Writer writer) {
            try {
                ProcessBuilder builder = new ProcessBuilder("git", "fast-import", "--quiet", "--done")
                        .directory(repo.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                Processes.isolate(builder.environment());
                Process process = builder.start();
                CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                    try {
                        return process.getErrorStream().readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                });
                try (OutputStream raw = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
                    Stream stream = new Stream(raw);
                    writer.write(stream);
                    stream.raw("done\n");
                }
                int exit = process.waitFor();
                if (exit != 0) {
                    throw new IllegalStateException(
                            "git fast-import failed (" + exit + "): " + new String(err.join(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** fast-import's commands, written as it reads them. */
        static final class Stream {
            private final OutputStream out;

            Stream(OutputStream out) {
                this.out = out;
            }

            /** Starts a commit; {@code parents} are marks ({@code :n}) or full ids, the first being {@code from}. */
            void commit(String ref, int mark, String author, long epochSeconds, String message, List<String> parents) {
                byte[] body = message.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder()
                        .append("commit ")
                        .append(ref)
                        .append('\n')
                        .append("mark :")
                        .append(mark)
                        .append('\n')
                        .append("author ")
                        .append(author)
                        .append(' ')
                        .append(epochSeconds)
                        .append(" +0000\n")
                        .append("committer ")
                        .append(author)
                        .append(' ')
                        .append(epochSeconds)
                        .append(" +0000\n")
                        .append("data ")
                        .append(body.length)
                        .append('\n');
                raw(head.toString());
                bytes(body);
                raw("\n");
                for (int i = 0; i < parents.size(); i++) {
                    raw((i == 0 ? "from " : "merge ") + parents.get(i) + "\n");
                }
            }

            void modify(String path, String content) {
                modify(path, content.getBytes(StandardCharsets.UTF_8));
            }

            void modify(String path, byte[] content) {
                raw("M 100644 inline " + path + "\ndata " + content.length + "\n");
                bytes(content);
                raw("\n");
            }

            void raw(String text) {
                bytes(text.getBytes(StandardCharsets.UTF_8));
            }

            private void bytes(byte[] data) {
                try {
                    out.write(data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
