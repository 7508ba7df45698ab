package dev.mirrorsync.reliability;

import dev.mirrorsync.testing.GitCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Bare repositories made and read with the {@code git} command, and the shaded {@code mirror-sync} jar run as a process. */
final class GitFixture {
    private final Path root;
    private int sequence;

    GitFixture(Path root) {
        this.root = root;
    }

    Path bare(String name) {
        Path dir = root.resolve(name + ".git");
        git(root, Map.of(), null, "init", "--quiet", "--bare", "-b", "main", dir.toString());
        return dir;
    }

    /** A commit on {@code branch} (a root commit when it does not exist) adding a file of {@code bytes} random bytes. */
    synchronized String commit(Path bare, String branch, String message, int bytes, Random random) {
        String parent = revParse(bare, "refs/heads/" + branch);
        Path index = root.resolve("index-" + (++sequence));
        Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
        if (parent.isEmpty()) {
            git(bare, env, null, "read-tree", "--empty");
        } else {
            git(bare, env, null, "read-tree", parent);
        }
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        String blob = git(bare, env, Base64.getMimeEncoder().encodeToString(data), "hash-object", "-w", "--stdin");
        git(
                bare,
                env,
                null,
                "update-index",
                "--add",
                "--cacheinfo",
                "100644," + blob + "," + message.replaceAll("[^A-Za-z0-9-]", "_") + ".txt");
        String tree = git(bare, env, null, "write-tree");
        List<String> args = new ArrayList<>(List.of("commit-tree", tree, "-m", message));
        if (!parent.isEmpty()) {
            args.addAll(List.of("-p", parent));
        }
        String commit = git(bare, env, null, args.toArray(String[]::new));
        git(
                bare,
                Map.of(),
                null,
                "update-ref",
                "refs/heads/" + branch,
                commit,
                parent.isEmpty() ? "0".repeat(40) : parent);
        return commit;
    }

    void copy(Path from, Path to, String branch) {
        git(from, Map.of(), null, "push", "--quiet", to.toString(), "refs/heads/" + branch + ":refs/heads/" + branch);
    }

    /** Pushes a branch the way another client would, leased on what it saw: a plain fast-forward push. */
    Result push(Path from, Path to, String branch) {
        return run(
                from,
                Map.of(),
                null,
                "push",
                "--quiet",
                to.toString(),
                "refs/heads/" + branch + ":refs/heads/" + branch);
    }

    String revParse(Path bare, String ref) {
        Result result = run(bare, Map.of(), null, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        return result.exit() == 0 ? result.out().strip() : "";
    }

    String refs(Path bare) {
        return git(bare, Map.of(), null, "for-each-ref", "--format=%(refname) %(objectname)");
    }

    /** Every commit reachable from any ref: what "nothing lost" is checked against. */
    Set<String> allCommits(Path bare) {
        String out = git(bare, Map.of(), null, "rev-list", "--all");
        return out.isEmpty() ? Set.of() : new HashSet<>(List.of(out.split("\n")));
    }

    boolean isAncestor(Path bare, String ancestor, String descendant) {
        return run(bare, Map.of(), null, "merge-base", "--is-ancestor", ancestor, descendant)
                        .exit()
                == 0;
    }

    Result fsck(Path bare) {
        return run(bare, Map.of(), null, "fsck", "--connectivity-only", "--no-dangling", "--no-progress");
    }

    String git(Path dir, String input, String... args) {
        return git(dir, Map.of(), input, args);
    }

    record Result(int exit, String out, String err) {}

    private static String git(Path dir, Map<String, String> env, String input, String... args) {
        Result result = run(dir, env, input, args);
        if (result.exit() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + result.err());
        }
        return result.out().strip();
    }

    static Result run(Path dir, Map<String, String> env, String input, String... args) {
        GitCommand.Result result = GitCommand.run(dir, env, input, args);
        return new Result(result.exit(), result.out(), result.err());
    }

    /** The shaded jar, started as scripts start it; output goes to files next to the repositories. */
    Process start(Map<String, String> env, String name, String... args) throws IOException {
        String jar = System.getProperty("mirrorsync.jar", "target/mirror-sync.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", root.toString());
        builder.environment().putAll(env);
        builder.redirectOutput(root.resolve(name + ".out").toFile())
                .redirectError(root.resolve(name + ".err").toFile());
        return builder.start();
    }

    String output(String name) throws IOException {
        return Files.readString(root.resolve(name + ".out")) + "\n--- stderr\n"
                + Files.readString(root.resolve(name + ".err"));
    }

    /** Runs the jar to completion (bounded) and returns its exit code. */
    int runToEnd(Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        Process process = start(env, name, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "mirror-sync " + String.join(" ", args) + " did not finish in 3 minutes: " + output(name));
        }
        return process.exitValue();
    }
}
