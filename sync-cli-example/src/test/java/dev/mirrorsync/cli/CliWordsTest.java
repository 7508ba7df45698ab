package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library names no command-line option; the CLI's messages do, through its {@link CliSpelling}: each next step
 * is said as the option that takes it.
 */
class CliWordsTest {
    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
    }

    private String message(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                extra.length > 0 && extra[0].equals("resolve") ? "resolve" : "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--json"));
        args.addAll(List.of(extra).subList(extra.length > 0 && extra[0].equals("resolve") ? 1 : 0, extra.length));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        return result.branch(0).path("message").asText();
    }

    /*
     *       public
     * a - b - c   private     run: --direction to-private
     */
    @Test
    void aPendingUpdateNamesTheDirectionThatAllowsIt() {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        assertThat(message("--direction", "to-private"))
                .endsWith("pending a run that may update public (--direction to-public or both)");
    }

    /*
     * a - b   private
     *  \
     *   c     public
     */
    @Test
    void aDivergedBranchNamesTheResolveCommandAndItsStrategies() {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        git.commit(pub, "c");
        assertThat(message())
                .endsWith(
                        "no branch moved; resolve with: mirror-sync resolve --strategy merge|prefer-private|prefer-public");
    }

    @Test
    void aBranchOnNeitherSideNamesTheBranchOption() {
        git.commit(priv, "a");
        assertThat(message("--branch", "nope"))
                .isEqualTo("branch 'nope' exists on neither side; check its name (--branch)");
    }

    /*
     * a       private
     * (gone)  public, after both were at a
     */
    @Test
    void aRewrittenBranchNamesAcceptRewriteAndTheStrategiesAsTheCliSpellsThem() {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        message();
        git.setBranch(pub, "main", Optional.empty());
        assertThat(message())
                .endsWith("resolve with: mirror-sync resolve --strategy prefer-private|prefer-public --accept-rewrite");
        assertThat(message("resolve", "--strategy", "merge"))
                .contains("Choose knowingly and add --accept-rewrite: 'merge' joins both histories")
                .contains("'prefer-private' makes public equal to private")
                .contains("'prefer-public' makes private");
        assertThat(message("resolve", "--strategy", "merge", "--accept-rewrite"))
                .endsWith("so there is nothing to merge; use prefer-private or prefer-public");
    }
}
