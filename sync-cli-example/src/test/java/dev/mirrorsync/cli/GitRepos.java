package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.GitCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bare repositories made and inspected with the {@code git} command itself, isolated from the host's git config. */
public final class GitRepos {
    private final Path root;
    private int sequence;

    public GitRepos(Path root) {
        this.root = root;
    }

    /** A private repository one commit ahead of its public mirror, and both repositories' refs as they were made. */
    public record AheadPair(GitRepos git, Path priv, Path pub, String privateRefs, String publicRefs) {
        /** Neither repository's refs moved since the pair was made. */
        public void assertUnchanged(String context) {
            assertThat(git.refs(priv)).as(context).isEqualTo(privateRefs);
            assertThat(git.refs(pub)).as(context).isEqualTo(publicRefs);
        }
    }

    /*
     * a - b   private
     * a       public
     */
    public AheadPair aheadPair() {
        Path priv = bare("private");
        Path pub = bare("public");
        commit(priv, "a");
        copy(priv, pub, "main");
        commit(priv, "b");
        return new AheadPair(this, priv, pub, refs(priv), refs(pub));
    }

    public Path bare(String name) {
        Path dir = root.resolve(name + ".git");
        git(root, "init", "--quiet", "--bare", "-b", "main", dir.toString());
        return dir;
    }

    /** A commit on {@code branch} (a root commit when it does not exist) setting {@code file}; moves the branch. */
    public String commit(Path bare, String branch, String file, String content, String message) {
        Optional<String> parent = revParse(bare, "refs/heads/" + branch);
        Path index = root.resolve("index-" + (++sequence));
        Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
        if (parent.isPresent()) {
            git(bare, env, null, "read-tree", parent.get());
        } else {
            git(bare, env, null, "read-tree", "--empty");
        }
        String blob = git(bare, env, content, "hash-object", "-w", "--stdin");
        git(bare, env, null, "update-index", "--add", "--cacheinfo", "100644," + blob + "," + file);
        String tree = git(bare, env, null, "write-tree");
        List<String> args = new ArrayList<>(List.of("commit-tree", tree, "-m", message));
        parent.ifPresent(p -> args.addAll(List.of("-p", p)));
        String commit = git(bare, env, null, args.toArray(String[]::new));
        git(bare, "update-ref", "refs/heads/" + branch, commit);
        return commit;
    }

    public String commit(Path bare, String message) {
        return commit(bare, "main", message.replaceAll("[^A-Za-z0-9]", "-") + ".txt", message + "\n", message);
    }

    /** Copies a branch from one bare repository to another, as a plain push. */
    public void copy(Path from, Path to, String branch) {
        git(from, "push", "--quiet", to.toString(), "refs/heads/" + branch + ":refs/heads/" + branch);
    }

    /** Moves a branch to any commit the repository has (a force-push by someone else), or deletes it. */
    public void setBranch(Path bare, String branch, Optional<String> commit) {
        if (commit.isPresent()) {
            git(bare, "update-ref", "refs/heads/" + branch, commit.get());
        } else {
            git(bare, "update-ref", "-d", "refs/heads/" + branch);
        }
    }

    public Optional<String> revParse(Path bare, String ref) {
        try {
            return Optional.of(git(bare, "rev-parse", "--verify", "--quiet", ref + "^{commit}"));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Every ref and its value: what "neither repository changed" is checked against. */
    public String refs(Path bare) {
        try {
            return git(bare, "for-each-ref", "--format=%(refname) %(objectname)");
        } catch (IllegalStateException e) {
            return "";
        }
    }

    public boolean isAncestor(Path bare, String ancestor, String descendant) {
        try {
            git(bare, "merge-base", "--is-ancestor", ancestor, descendant);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public String git(Path dir, String... args) {
        return git(dir, Map.of(), null, args);
    }

    private static String git(Path dir, Map<String, String> env, String input, String... args) {
        GitCommand.Result result = GitCommand.run(dir, env, input, args);
        if (result.exit() != 0) {
            throw new IllegalStateException("git -C " + dir + " " + String.join(" ", args) + " failed: "
                    + (result.out() + result.err()).strip());
        }
        return result.out().strip();
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
