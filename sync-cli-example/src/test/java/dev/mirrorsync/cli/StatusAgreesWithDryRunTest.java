package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.SyncState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} takes what {@code sync} takes to observe ({@code --state}, {@code --cache}, {@code --name}) and
 * answers exactly what {@code sync --dry-run} answers, on every state of the table: the same JSON, the same exit code.
 */
class StatusAgreesWithDryRunTest {
    @TempDir
    static Path dir;

    private static final Set<SyncState> SEEN = EnumSet.noneOf(SyncState.class);

    /** Makes the two repositories show one state; {@code sync} runs a real sync with the test's options (for a watermark). */
    private record Case(SyncState state, String branch, BiConsumer<World, Runnable> make) {}

    private record World(GitRepos git, Path priv, Path pub) {}

    static List<Case> cases() {
        return List.of(
                new Case(SyncState.BOTH_MISSING, "nowhere", (w, sync) -> w.git().commit(w.priv(), "a")),
                new Case(SyncState.IN_SYNC, "main", (w, sync) -> {
                    w.git().commit(w.priv(), "a");
                    w.git().copy(w.priv(), w.pub(), "main");
                }),
                new Case(SyncState.PRIVATE_MISSING, "main", (w, sync) -> w.git().commit(w.pub(), "a")),
                new Case(SyncState.PUBLIC_MISSING, "main", (w, sync) -> w.git().commit(w.priv(), "a")),
                new Case(SyncState.PRIVATE_AHEAD, "main", (w, sync) -> {
                    w.git().commit(w.priv(), "a");
                    w.git().copy(w.priv(), w.pub(), "main");
                    w.git().commit(w.priv(), "b");
                }),
                new Case(SyncState.PUBLIC_AHEAD, "main", (w, sync) -> {
                    w.git().commit(w.priv(), "a");
                    w.git().copy(w.priv(), w.pub(), "main");
                    w.git().commit(w.pub(), "b");
                }),
                new Case(SyncState.DIVERGED, "main", (w, sync) -> {
                    w.git().commit(w.priv(), "a");
                    w.git().copy(w.priv(), w.pub(), "main");
                    w.git().commit(w.priv(), "x");
                    w.git().commit(w.pub(), "y");
                }),
                new Case(SyncState.UNRELATED, "main", (w, sync) -> {
                    w.git().commit(w.priv(), "a");
                    w.git().commit(w.pub(), "z");
                }),
                // a - b on both and agreed on (the watermark, kept in the --state file), then private moved back to a
                new Case(SyncState.PRIVATE_REWRITTEN, "main", (w, sync) -> {
                    String a = w.git().commit(w.priv(), "a");
                    w.git().commit(w.priv(), "b");
                    w.git().copy(w.priv(), w.pub(), "main");
                    sync.run();
                    w.git().setBranch(w.priv(), "main", Optional.of(a));
                }),
                new Case(SyncState.PUBLIC_REWRITTEN, "main", (w, sync) -> {
                    String a = w.git().commit(w.priv(), "a");
                    w.git().commit(w.priv(), "b");
                    w.git().copy(w.priv(), w.pub(), "main");
                    sync.run();
                    w.git().setBranch(w.pub(), "main", Optional.of(a));
                }));
    }

    @TestFactory
    List<DynamicTest> statusAndDryRunAgreeOnEveryState() {
        return cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.state().name(), () -> {
                    Path root = dir.resolve(c.state().name().toLowerCase(Locale.ROOT));
                    GitRepos git = new GitRepos(Files.createDirectories(root));
                    World world = new World(git, git.bare("private"), git.bare("public"));
                    String[] observe = {
                        "--private",
                        world.priv().toString(),
                        "--public",
                        world.pub().toString(),
                        "--branch",
                        c.branch(),
                        "--name",
                        "agreement",
                        "--state",
                        "file:" + root.resolve("state.json"),
                        "--cache",
                        root.resolve("cache").toString(),
                        "--json"
                    };
                    c.make()
                            .accept(
                                    world,
                                    () -> assertThat(Cli.run(concat("sync", observe))
                                                    .exit())
                                            .isZero());
                    String privateRefs = git.refs(world.priv());
                    String publicRefs = git.refs(world.pub());

                    Cli.Result status = Cli.run(concat("status", observe));
                    Cli.Result dryRun = Cli.run(concat("sync", concat("--dry-run", observe)));

                    assertThat(status.branch(0).path("state").asText())
                            .as(status.toString())
                            .isEqualTo(c.state().name());
                    assertThat(status.json())
                            .as("status vs sync --dry-run\n" + status + "\n" + dryRun)
                            .isEqualTo(dryRun.json());
                    assertThat(status.exit()).isEqualTo(dryRun.exit());
                    assertThat(git.refs(world.priv())).isEqualTo(privateRefs);
                    assertThat(git.refs(world.pub())).isEqualTo(publicRefs);
                    SEEN.add(c.state());
                }))
                .toList();
    }

    @AfterAll
    static void everyStateOfTheTableWasCompared() {
        assertThat(SEEN).as("a new state needs its case here").isEqualTo(EnumSet.allOf(SyncState.class));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
