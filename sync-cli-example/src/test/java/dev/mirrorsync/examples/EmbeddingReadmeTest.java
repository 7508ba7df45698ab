package dev.mirrorsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.cli.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's embedding program, taken from README.md, compiled and run: on a pair that syncs, and on a failure. */
class EmbeddingReadmeTest {
    @TempDir
    Path dir;

    private String run(String... args) throws Exception {
        String source = ReadmeSnippets.snippet("embedding");
        Path classes = ReadmeSnippets.compile(source, dir.resolve("snippet"));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(ReadmeSnippets.className(source)).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theProgramSyncsAPairAndPrintsEachBranch() throws Exception {
        GitRepos.AheadPair pair = new GitRepos(dir).aheadPair();

        String out = run(
                pair.priv().toString(),
                pair.pub().toString(),
                dir.resolve("cache").toString());

        assertThat(out).startsWith("main: PRIVATE_AHEAD, SYNCED: ");
        assertThat(pair.git().revParse(pair.pub(), "refs/heads/main"))
                .isEqualTo(pair.git().revParse(pair.priv(), "refs/heads/main"));
    }

    @Test
    void aFailedBranchIsPrintedWithItsReasonNotHidden() throws Exception {
        GitRepos.AheadPair pair = new GitRepos(dir).aheadPair();

        String out = run(
                dir.resolve("missing.git").toString(),
                pair.pub().toString(),
                dir.resolve("cache").toString());

        assertThat(out).startsWith("main: failed (NOT_FOUND): ").contains("missing.git");
        pair.assertUnchanged("nothing changed");
    }
}
