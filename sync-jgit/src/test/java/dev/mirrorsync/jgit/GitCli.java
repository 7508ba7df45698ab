package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.GitCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Repositories made and read with C git itself ({@link GitCommand}), with commit times from a test clock. */
public final class GitCli {
    private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000L);

    private GitCli() {}

    public static String git(Path cwd, String... args) {
        return gitWithInput(cwd, null, args);
    }

    public static String gitWithInput(Path cwd, String input, String... args) {
        Result result = run(cwd, input, args);
        assertThat(result.exit())
                .as("git %s failed: %s", String.join(" ", args), result.err())
                .isZero();
        return result.out().strip();
    }

    public record Result(int exit, String out, String err) {}

    public static Result run(Path cwd, String input, String... args) {
        return runWithEnv(cwd, Map.of(), input, args);
    }

    public static String gitWithEnv(Path cwd, Map<String, String> env, String input, String... args) {
        Result result = runWithEnv(cwd, env, input, args);
        assertThat(result.exit())
                .as("git %s failed: %s", String.join(" ", args), result.err())
                .isZero();
        return result.out().strip();
    }

    public static Result runWithEnv(Path cwd, Map<String, String> env, String input, String... args) {
        Map<String, String> dated = new HashMap<>(env);
        long time = CLOCK.incrementAndGet();
        dated.put("GIT_AUTHOR_DATE", time + " +0000");
        dated.put("GIT_COMMITTER_DATE", time + " +0000");
        GitCommand.Result result = GitCommand.run(cwd, dated, input, args);
        return new Result(result.exit(), result.out(), result.err());
    }

    /** {@code git init --bare -b main}. */
    public static Path initBare(Path dir) {
        git(dir.getParent(), "init", "-q", "--bare", "-b", "main", dir.toString());
        return dir;
    }

    /** Writes a commit with the given top-level files (plumbing, no work tree) and returns its id. */
    public static String commit(Path bare, String message, Map<String, String> files, String... parents) {
        StringBuilder tree = new StringBuilder();
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            String blob = gitWithInput(bare, file.getValue(), "hash-object", "-w", "--stdin");
            tree.append("100644 blob ")
                    .append(blob)
                    .append('\t')
                    .append(file.getKey())
                    .append('\n');
        }
        String treeId = gitWithInput(bare, tree.toString(), "mktree");
        List<String> args = new ArrayList<>(List.of("commit-tree", treeId, "-m", message));
        for (String parent : parents) {
            args.add("-p");
            args.add(parent);
        }
        return git(bare, args.toArray(String[]::new));
    }

    /** Commits on top of a branch (or as its first commit) and moves the branch there. */
    public static String commitOn(Path bare, String branch, String message) {
        String parent = revParse(bare, "refs/heads/" + branch);
        String id = parent.isEmpty()
                ? commit(bare, message, Map.of("file.txt", message + "\n"))
                : commit(bare, message, Map.of("file.txt", message + "\n"), parent);
        git(bare, "update-ref", "refs/heads/" + branch, id);
        return id;
    }

    /** The commit a ref points at, or "" when it does not exist. */
    public static String revParse(Path bare, String ref) {
        Result result = run(bare, null, "rev-parse", "-q", "--verify", ref + "^{commit}");
        return result.exit() == 0 ? result.out().strip() : "";
    }
}
