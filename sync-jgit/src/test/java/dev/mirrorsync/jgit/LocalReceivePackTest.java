package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push to a local-path remote is received by C git's {@code receive-pack} in a process of its own (as {@code git push}
 * does), not by JGit inside ours, where a kill would leave the remote's ref lock behind. The child sees none of our
 * environment (tokens included) and none of the host's git configuration. Without git, JGit receives it, and says so.
 *
 * <pre>
 *   private  B - c        public  B        (fast-forward public to c)
 * </pre>
 */
class LocalReceivePackTest {
    private static final Set<String> ALLOWED = Set.of("PATH", "PWD", "OLDPWD", "SHLVL", "_");

    @TempDir
    Path temp;

    @Test
    void aLocalPushRunsGitReceivePackAsItsOwnIsolatedProcess() throws IOException {
        Path priv = GitCli.initBare(temp.resolve("private.git"));
        Path pub = GitCli.initBare(temp.resolve("public.git"));
        String base = GitCli.commitOn(priv, "main", "base");
        git(pub, "fetch", "-q", priv.toString(), "refs/heads/main:refs/heads/main");
        String tip = GitCli.commitOn(priv, "main", "c");
        // The remote's own hook: only a real receive-pack process runs it. It records what that process was given.
        Path seen = temp.resolve("receive-pack-env.txt");
        Path hook = pub.resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(
                hook,
                "#!/bin/sh\nenv > '" + seen + "'\ngit config --list --show-origin >> '" + seen
                        + ".config' 2>&1\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            RepoLocation from = RepoLocation.of(priv.toString());
            backend.fetch(from, List.of("refs/heads/main"));
            PushResult result = backend.push(
                    RepoLocation.of(pub.toString()),
                    RefUpdate.fastForward("refs/heads/main", CommitId.of(base), CommitId.of(tip)));
            assertThat(result.status().isSuccess()).as(result.toString()).isTrue();
        }
        assertThat(revParse(pub, "refs/heads/main")).isEqualTo(tip);
        assertThat(seen)
                .as("the remote's pre-receive hook ran: a separate git receive-pack took the push")
                .exists();
        List<String> names = Arrays.stream(Files.readString(seen).split("\n"))
                .filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertThat(names)
                .as("nothing of our environment but PATH reaches the child")
                .allMatch(n -> ALLOWED.contains(n) || n.startsWith("GIT_"));
        assertThat(names).contains("GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL").doesNotContain("HOME");
        assertThat(Files.readString(Path.of(seen + ".config")))
                .as("only the remote's own configuration is read")
                .doesNotContain("global")
                .doesNotContain("/etc/gitconfig")
                .doesNotContain(".gitconfig");
    }

    @Test
    void withoutGitThePushIsReceivedInProcessAndAWarningSaysWhatThatRisks() {
        Path priv = GitCli.initBare(temp.resolve("private.git"));
        Path pub = GitCli.initBare(temp.resolve("public.git"));
        String base = GitCli.commitOn(priv, "main", "base");
        git(pub, "fetch", "-q", priv.toString(), "refs/heads/main:refs/heads/main");
        String tip = GitCli.commitOn(priv, "main", "c");
        try (JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(temp.resolve("cache"))
                .gitExecutable("no-such-git-executable")
                .build()) {
            backend.fetch(RepoLocation.of(priv.toString()), List.of("refs/heads/main"));
            PushResult result = backend.push(
                    RepoLocation.of(pub.toString()),
                    RefUpdate.fastForward("refs/heads/main", CommitId.of(base), CommitId.of(tip)));
            assertThat(result.status().isSuccess()).as(result.toString()).isTrue();
        }
        assertThat(revParse(pub, "refs/heads/main")).isEqualTo(tip);
        assertThat(RecordingSlf4jProvider.lines())
                .anyMatch(l -> l.startsWith("WARN")
                        && l.contains("no-such-git-executable")
                        && l.contains("receive-pack inside this process"));
    }
}
