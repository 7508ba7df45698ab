package dev.mirrorsync.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.SyncStateStores;
import dev.mirrorsync.core.spi.SyncStateStore;
import dev.mirrorsync.gitcli.GitCliBackend;
import dev.mirrorsync.jgit.JGitBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.util.FileUtils;

/**
 * The end-to-end harness. Per size: generate (or reuse) a history, put a private and a public copy behind C
 * git's smart HTTP with a {@link CountingProxy} in front, then for every scenario and repetition run every
 * approach, interleaved (the order rotates each repetition), each on the same kind of fresh change:
 *
 * <ol>
 *   <li>start from both sides to the same tips (untimed), warm the warm approaches' caches to them and set the
 *       watermark to them, as the previous successful run would have left things;
 *   <li>make the scenario's new commits with {@code git fast-import} (new objects every time);
 *   <li>time the approach, and read the server-side counters before and after;
 *   <li>check the repositories are what a correct run leaves, then move both sides back to the tips they had
 *       before the run, so the history stays the size it was generated at.
 * </ol>
 */
final class EndToEnd {
    private static final String WATERMARK_PREFIX = SyncStateStores.WATERMARK_REF_PREFIX;
    private static final int GENERATOR_VERSION = 1;
    private static final int MAX_BRANCHES_IN_HISTORY = 20;

    private final BenchConfig config;
    private final PrintStream log;
    private final List<Measurement> results = new ArrayList<>();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long commitClock = 1_700_000_000L;
    private int tagCounter;
    private boolean jitWarm;
    /** In shell mode, the CLI as a user starts it (the launcher of the jar's checkout), when the jar has one. */
    private Optional<CliLauncher> launcher = Optional.empty();

    EndToEnd(BenchConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    List<Measurement> run() throws IOException, InterruptedException {
        Files.createDirectories(config.work());
        if (config.shell()) {
            Path jar = config.cliJar().orElseThrow();
            Optional<Path> checkout = CliLauncher.checkoutOf(jar);
            if (checkout.isPresent()) {
                Path dir = config.work().resolve("cli");
                deleteTree(dir);
                launcher = Optional.of(CliLauncher.install(checkout.get(), jar, dir));
            }
            log.println("the CLI runs as: " + cliCommand());
        }
        if (config.repo().isPresent()) {
            Path pristine = pristineFrom(config.repo().get());
            int commits = Integer.parseInt(Processes.git(pristine, "rev-list", "--count", "refs/heads/main"));
            RepoSize size = new RepoSize("repo " + config.repo().get().getFileName(), commits, 0, 0, 0);
            for (BenchConfig.Transport transport : config.transports()) {
                runSize(size, transport, pristine);
            }
            return results;
        }
        for (RepoSize size : config.sizes()) {
            Path pristine = pristine(config.work(), size, log);
            for (BenchConfig.Transport transport : config.transports()) {
                runSize(size, transport, pristine);
            }
        }
        return results;
    }

    // ---------------------------------------------------------------------------------------------------------
    // One size: repositories, server, proxy.

    private final class Site implements AutoCloseable {
        final RepoSize size;
        final BenchConfig.Transport transport;
        /** The size, and the transport when the run measures more than one: how the results name this site. */
        final String label;

        final Path dir;
        final Path privateRepo;
        final Path publicRepo;
        final GitHttpServer server;
        final CountingProxy proxy;
        final String privateUrl;
        final String publicUrl;
        final Path stateFile;
        int mutations;

        Site(RepoSize size, BenchConfig.Transport transport, Path pristine) throws IOException, InterruptedException {
            this.size = size;
            this.transport = transport;
            String suffix = transport.name().toLowerCase(Locale.ROOT);
            this.label = config.shell() || config.transports().size() > 1 ? size.name() + " " + suffix : size.name();
            this.dir = config.work().resolve("run-" + size.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + suffix);
            deleteTree(dir);
            Path repos = Files.createDirectories(dir.resolve("repos"));
            privateRepo = repos.resolve("private.git");
            publicRepo = repos.resolve("public.git");
            for (Path copy : List.of(privateRepo, publicRepo)) {
                Processes.git(repos, "clone", "--quiet", "--bare", "--local", pristine.toString(), copy.toString());
                Processes.git(copy, "remote", "remove", "origin");
                GitHttpServer.configure(copy);
            }
            Files.createDirectories(dir.resolve("caches"));
            Files.createDirectories(dir.resolve("scratch"));
            stateFile = dir.resolve("state.properties");
            server = GitHttpServer.start(repos, dir);
            proxy = new CountingProxy(server.port());
            if (transport == BenchConfig.Transport.LOCAL) {
                privateUrl = privateRepo.toString();
                publicUrl = publicRepo.toString();
            } else {
                privateUrl = "http://127.0.0.1:" + proxy.port() + "/git/private.git";
                publicUrl = "http://127.0.0.1:" + proxy.port() + "/git/public.git";
            }
        }

        Path scratch() {
            return dir.resolve("scratch");
        }

        Path cache(Approach approach) {
            return dir.resolve("caches").resolve(approach.name().toLowerCase(Locale.ROOT));
        }

        MirrorPair pair(List<String> branches) {
            return MirrorPair.builder()
                    .name("bench")
                    .privateRepo(RepoLocation.of(privateUrl))
                    .publicRepo(RepoLocation.of(publicUrl))
                    .branches(branches)
                    .build();
        }

        @Override
        public void close() throws IOException {
            proxy.close();
            server.close();
        }
    }

    /** The generated history for a size, made once and kept under the work directory (also {@link CiRun}'s). */
    static Path pristine(Path work, RepoSize size, PrintStream log) throws IOException {
        Path repo = work.resolve("pristine")
                .resolve(String.format(
                        Locale.ROOT,
                        "%s-%dx%d-b%dx%d-v%d.git",
                        size.name(),
                        size.commits(),
                        size.files(),
                        size.largeBlobs(),
                        size.largeBlobBytes(),
                        GENERATOR_VERSION));
        Path done = repo.resolve("bench-complete");
        if (Files.exists(done)) {
            log.printf("  reusing the generated history %s%n", repo);
            return repo;
        }
        deleteTree(repo);
        Files.createDirectories(repo);
        long start = System.nanoTime();
        Processes.git(repo, "init", "--quiet", "--bare", "--initial-branch=main");
        new HistoryGenerator(size.commits() * 31L + size.files()).generate(repo, size);
        Processes.git(repo, "update-ref", "-d", "refs/bench/topic");
        finishPristine(repo, size.describe());
        String count = Processes.git(repo, "rev-list", "--count", "refs/heads/main");
        String bytes = Processes.git(repo, "count-objects", "-v").replaceAll("(?s).*size-pack: (\\d+).*", "$1");
        log.printf(
                "  generated %s: %s commits, pack %s KiB, in %.1f s%n",
                size.name(), count, bytes, (System.nanoTime() - start) / 1e9);
        return repo;
    }

    /**
     * A user's clone as the history ({@code --repo}): a bare copy (hard links where git can) whose HEAD branch becomes
     * {@code main}, with the extra branches and the server's one pack with a bitmap; made once and kept.
     */
    private Path pristineFrom(Path source) throws IOException {
        String name = source.getFileName() + "-"
                + Integer.toHexString(source.toString().hashCode());
        Path repo = config.work().resolve("pristine").resolve("repo-" + name + "-v" + GENERATOR_VERSION + ".git");
        if (Files.exists(repo.resolve("bench-complete"))) {
            log.printf("  reusing the copy %s of %s%n", repo, source);
            return repo;
        }
        deleteTree(repo);
        Files.createDirectories(repo.getParent());
        long start = System.nanoTime();
        Processes.git(repo.getParent(), "clone", "--quiet", "--bare", source.toString(), repo.toString());
        String head = Processes.git(repo, "rev-parse", "HEAD");
        Processes.git(repo, "update-ref", "refs/heads/main", head);
        Processes.git(repo, "symbolic-ref", "HEAD", "refs/heads/main");
        finishPristine(repo, "a copy of " + source);
        log.printf(
                "  copied %s: %s commits on main, in %.1f s%n",
                source,
                Processes.git(repo, "rev-list", "--count", "refs/heads/main"),
                (System.nanoTime() - start) / 1e9);
        return repo;
    }

    private static void finishPristine(Path repo, String description) throws IOException {
        StringBuilder branches = new StringBuilder();
        String tip = Processes.git(repo, "rev-parse", "refs/heads/main");
        for (int i = 1; i <= MAX_BRANCHES_IN_HISTORY; i++) {
            branches.append("update refs/heads/")
                    .append(Scenario.branchName(i))
                    .append(' ')
                    .append(tip)
                    .append('\n');
        }
        Processes.run(
                repo,
                List.of("git", "update-ref", "--stdin"),
                branches.toString().getBytes(StandardCharsets.UTF_8));
        // one pack with a bitmap, as a hosting server keeps it; fast-import's deltas are reused
        Processes.git(repo, "repack", "-a", "-d", "-b", "-q");
        Files.writeString(repo.resolve("bench-complete"), description + "\n");
    }

    private void runSize(RepoSize size, BenchConfig.Transport transport, Path pristine)
            throws IOException, InterruptedException {
        log.printf(
                "%n== %s over %s%n",
                size.describe(), transport == BenchConfig.Transport.LOCAL ? "local paths" : "C git's smart HTTP");
        try (Site site = new Site(size, transport, pristine)) {
            if (!jitWarm && !config.shell()) {
                warmUpJit(site);
                jitWarm = true;
            }
            for (Scenario scenario : config.scenarios()) {
                List<Approach> approaches = approaches(scenario, transport);
                for (int rep = 0; rep < config.reps(); rep++) {
                    for (int i = 0; i < approaches.size(); i++) {
                        Approach approach = approaches.get((i + rep) % approaches.size());
                        if (approach == Approach.MS_CLI && rep != config.reps() - 1) {
                            continue; // once per scenario: it is here for honesty about JVM start, not for statistics
                        }
                        if (approach.isHeavy() && rep >= config.heavyReps()) {
                            continue; // full transfers of the whole history: fewer runs keep the defaults to minutes
                        }
                        Measurement m = runOne(site, scenario, approach, rep, true);
                        results.add(m);
                        log.printf(
                                Locale.ROOT,
                                "  %-10s %-14s %-38s rep %d: %8.1f ms wall %8.1f ms cpu %7.1f MB"
                                        + " %,11d B  req %3d adv %2d packs %d objs %,d %s%n",
                                site.label,
                                scenario.id(),
                                approach.label,
                                rep,
                                m.wallMillis(),
                                m.cpuMillis(),
                                m.peakMemoryMb(),
                                m.counts().bytes(),
                                m.counts().requests(),
                                m.counts().advertisements(),
                                m.counts().packs(),
                                m.counts().objects(),
                                m.converged() ? "ok" : "WRONG: " + m.detail());
                    }
                }
            }
        }
    }

    private List<Approach> approaches(Scenario scenario, BenchConfig.Transport transport) {
        List<Approach> all = allApproaches(scenario, transport);
        if (!config.only().isEmpty()) {
            all.retainAll(config.only());
        }
        return all;
    }

    private List<Approach> allApproaches(Scenario scenario, BenchConfig.Transport transport) {
        if (config.shell()) {
            List<Approach> list = new ArrayList<>(List.of(
                    Approach.SEED,
                    Approach.GIT_BEST,
                    Approach.MS_CLI_JGIT,
                    Approach.MS_CLI_GIT,
                    Approach.MS_CLI_COLD_JGIT,
                    Approach.MS_CLI_COLD_GIT));
            if (scenario.kind() == Scenario.Kind.NOTHING && transport == BenchConfig.Transport.HTTP) {
                list.add(Approach.GIT_LS_REMOTE_X2);
            }
            return list;
        }
        List<Approach> list = new ArrayList<>(List.of(
                Approach.SEED, Approach.GIT_BEST, Approach.MS_COLD, Approach.MS_WARM_REF, Approach.MS_WARM_FILE));
        if (config.cliJar().isPresent()) {
            list.add(Approach.MS_CLI);
        }
        if (scenario.kind() == Scenario.Kind.NOTHING) {
            list.add(Approach.GIT_LS_REMOTE_X2);
            list.add(Approach.JGIT_LS_REMOTE_X2);
        }
        return list;
    }

    /** A few untimed in-process runs, so that the first timed one does not pay for class loading and the JIT. */
    private void warmUpJit(Site site) throws IOException {
        log.println("  warming up the JVM (untimed)");
        Scenario ahead = new Scenario(Scenario.Kind.AHEAD, 10);
        Scenario nothing = new Scenario(Scenario.Kind.NOTHING, 0);
        for (int i = 0; i < 3; i++) {
            runOne(site, ahead, Approach.MS_WARM_REF, -1, false);
            runOne(site, nothing, Approach.MS_WARM_FILE, -1, false);
            runOne(site, nothing, Approach.JGIT_LS_REMOTE_X2, -1, false);
        }
        runOne(site, ahead, Approach.MS_COLD, -1, false);
    }

    // ---------------------------------------------------------------------------------------------------------
    // One run.

    /** The tips a correct run must leave, and what a divergence report must count. */
    private record Expected(Map<String, String> privateTips, Map<String, String> publicTips) {}

    private Measurement runOne(Site site, Scenario scenario, Approach approach, int rep, boolean timed)
            throws IOException {
        List<String> branches = scenario.branches();
        Map<String, String> base = tips(site.privateRepo, branches);
        if (!base.equals(tips(site.publicRepo, branches))) {
            throw new IllegalStateException(
                    "the sides do not agree before a run: " + base + " vs " + tips(site.publicRepo, branches));
        }
        prepare(site, approach, branches, base);
        Expected expected = mutate(site, scenario, base, approach);
        CountingProxy.Counts before = site.proxy.counts();
        Run run = execute(site, scenario, approach, branches);
        CountingProxy.Counts counts = site.proxy.counts().minus(before);
        Map<String, String> privateAfter = tips(site.privateRepo, branches);
        Map<String, String> publicAfter = tips(site.publicRepo, branches);
        boolean converged =
                privateAfter.equals(expected.privateTips()) && publicAfter.equals(expected.publicTips()) && run.ok();
        // Back to where the sides agreed before the run, so that the repositories do not grow by the scenario's
        // commits with every run (the new objects stay on disk, unreachable: no later transfer includes them).
        reset(site.privateRepo, base);
        reset(site.publicRepo, base);
        String detail = run.detail()
                + (converged
                        ? ""
                        : "; private " + abbreviate(privateAfter) + " public "
                                + abbreviate(publicAfter) + " expected " + abbreviate(expected.privateTips()) + "/"
                                + abbreviate(expected.publicTips()));
        return new Measurement(
                site.label,
                site.size.commits(),
                scenario.id(),
                approach,
                rep,
                run.wallMillis(),
                run.cpuMillis(),
                run.peakMb(),
                counts,
                converged,
                timed ? detail : "warm-up " + detail);
    }

    private record Run(double wallMillis, double cpuMillis, double peakMb, boolean ok, String detail) {}

    /** Untimed: the state a previous successful run of this approach would have left. */
    private void prepare(Site site, Approach approach, List<String> branches, Map<String, String> base)
            throws IOException {
        StringBuilder watermarks = new StringBuilder();
        base.forEach((branch, tip) -> watermarks
                .append("update ")
                .append(WATERMARK_PREFIX)
                .append(branch)
                .append(' ')
                .append(tip)
                .append('\n'));
        Processes.run(
                site.privateRepo,
                List.of("git", "update-ref", "--stdin"),
                watermarks.toString().getBytes(StandardCharsets.UTF_8));
        MirrorPair pair = site.pair(branches);
        SyncStateStore file = SyncStateStores.file(site.stateFile);
        for (String branch : branches) {
            Optional<CommitId> current = file.read(pair, branch);
            file.compareAndSet(pair, branch, current, CommitId.of(base.get(branch)));
        }
        switch (approach) {
            case SEED -> deleteTree(site.scratch().resolve("seed"));
            case GIT_BEST -> {
                Path mirror = site.dir.resolve("mirror.git");
                if (!Files.exists(mirror)) {
                    Processes.git(site.dir, "init", "--quiet", "--bare", "--initial-branch=main", mirror.toString());
                }
                Processes.git(mirror, "fetch", "--quiet", site.privateRepo.toString(), "+refs/heads/*:refs/private/*");
                Processes.git(mirror, "fetch", "--quiet", site.publicRepo.toString(), "+refs/heads/*:refs/public/*");
            }
            case MS_COLD, MS_CLI_COLD_JGIT, MS_CLI_COLD_GIT -> deleteTree(site.cache(approach));
            case MS_WARM_REF, MS_WARM_FILE, MS_CLI, MS_CLI_JGIT -> {
                List<String> refs =
                        branches.stream().map(b -> "refs/heads/" + b).toList();
                try (JGitBackend backend = JGitBackend.builder()
                        .cacheDirectory(site.cache(approach))
                        .build()) {
                    backend.fetch(pair.privateRepo(), refs);
                    backend.fetch(pair.publicRepo(), refs);
                }
            }
            case MS_CLI_GIT -> {
                // warmed by the backend it is timed with, so its cache holds what that backend's own runs leave
                List<String> refs =
                        branches.stream().map(b -> "refs/heads/" + b).toList();
                try (GitCliBackend backend = GitCliBackend.builder()
                        .cacheDirectory(site.cache(approach))
                        .build()) {
                    backend.fetch(pair.privateRepo(), refs);
                    backend.fetch(pair.publicRepo(), refs);
                }
            }
            case GIT_LS_REMOTE_X2, JGIT_LS_REMOTE_X2 -> {
                // nothing to warm
            }
        }
    }

    /** Makes the scenario's new commits (new objects every time) and says where a correct run leaves the tips. */
    private Expected mutate(Site site, Scenario scenario, Map<String, String> base, Approach approach) {
        String tag = String.format(
                Locale.ROOT, "%s-%s-%d", scenario.id(), approach.name().toLowerCase(Locale.ROOT), ++tagCounter);
        Map<String, String> privateTips = new LinkedHashMap<>(base);
        Map<String, String> publicTips = new LinkedHashMap<>(base);
        switch (scenario.kind()) {
            case NOTHING -> {
                // nothing changed
            }
            case AHEAD -> {
                String tip = append(site.privateRepo, "main", base.get("main"), scenario.count(), tag);
                privateTips.put("main", tip);
                publicTips.put("main", tip);
            }
            case DIVERGED -> {
                privateTips.put(
                        "main", append(site.privateRepo, "main", base.get("main"), scenario.count(), tag + "-p"));
                publicTips.put("main", append(site.publicRepo, "main", base.get("main"), scenario.count(), tag + "-q"));
            }
            case BRANCHES -> {
                for (String branch : scenario.branches()) {
                    String tip = append(site.privateRepo, branch, base.get(branch), 1, tag + "-" + branch);
                    privateTips.put(branch, tip);
                    publicTips.put(branch, tip);
                }
            }
        }
        if (++site.mutations % 8 == 0) {
            // keep the many small packs fast-import and receive-pack leave from slowing the server down
            for (Path repo : List.of(site.privateRepo, site.publicRepo)) {
                Processes.git(repo, "repack", "-d", "-q", "--geometric=2");
            }
        }
        return new Expected(privateTips, publicTips);
    }

    private String append(Path repo, String branch, String from, int count, String tag) {
        commitClock += count + 60;
        return HistoryGenerator.append(repo, "refs/heads/" + branch, from, count, tag, commitClock);
    }

    private Run execute(Site site, Scenario scenario, Approach approach, List<String> branches) throws IOException {
        return switch (approach) {
            case SEED -> script(site, seedScript(site, scenario, branches), scenario);
            case GIT_BEST -> script(site, gitBestScript(site, branches), scenario);
            case GIT_LS_REMOTE_X2 ->
                script(
                        site,
                        String.join(
                                "\n",
                                "set -e",
                                "git ls-remote " + site.privateUrl + " refs/heads/main >/dev/null",
                                "git ls-remote " + site.publicUrl + " refs/heads/main >/dev/null",
                                ""),
                        scenario);
            case MS_CLI -> script(site, cliScript(site, approach, branches, ""), scenario);
            case MS_CLI_JGIT, MS_CLI_GIT, MS_CLI_COLD_JGIT, MS_CLI_COLD_GIT ->
                script(site, cliScript(site, approach, branches, " --backend " + approach.backend()), scenario);
            case MS_COLD -> inProcess(site, scenario, approach, branches, Optional.empty());
            case MS_WARM_REF -> inProcess(site, scenario, approach, branches, Optional.empty());
            case MS_WARM_FILE ->
                inProcess(site, scenario, approach, branches, Optional.of(SyncStateStores.file(site.stateFile)));
            case JGIT_LS_REMOTE_X2 -> lsRemoteInProcess(site);
        };
    }

    /**
     * The seed's jobs: actions/checkout with {@code fetch-depth: 0} (a full clone of every branch, work tree
     * included), the other side added as a remote and fetched, then a fast-forward {@code git push}. For many
     * branches it is given the benefit of the doubt: one clone and one push of them all (the seed syncs only main).
     */
    private String seedScript(Site site, Scenario scenario, List<String> branches) {
        return seedScript(site.privateUrl, site.publicUrl, site.transport == BenchConfig.Transport.LOCAL, branches);
    }

    /** The seed's jobs for any pair of URLs ({@code local}: paths, cloned without hard links); also {@link CiRun}'s. */
    static String seedScript(String privateUrl, String publicUrl, boolean local, List<String> branches) {
        StringBuilder push = new StringBuilder();
        for (String branch : branches) {
            push.append(" refs/remotes/origin/")
                    .append(branch)
                    .append(":refs/heads/")
                    .append(branch);
        }
        return String.join(
                "\n",
                "set -e",
                // from a local path git would hard-link the objects; a runner's checkout transfers them
                "git clone --quiet --no-tags" + (local ? " --no-local " : " ") + privateUrl + " seed",
                "cd seed",
                "git remote add public " + publicUrl,
                "git fetch --quiet public " + String.join(" ", branches),
                "git push --quiet public" + push,
                "");
    }

    /**
     * Plain git at its best: a bare mirror kept between runs; one fetch of the pair's branches from each side,
     * then per branch a comparison and, for a fast-forward, one leased push of exactly the new commits. A
     * divergence gets what a report needs: the merge base, both counts and the 50 newest commits of each side.
     */
    private String gitBestScript(Site site, List<String> branches) {
        StringBuilder fetchPrivate = new StringBuilder();
        StringBuilder fetchPublic = new StringBuilder();
        for (String branch : branches) {
            fetchPrivate
                    .append(" +refs/heads/")
                    .append(branch)
                    .append(":refs/private/")
                    .append(branch);
            fetchPublic
                    .append(" +refs/heads/")
                    .append(branch)
                    .append(":refs/public/")
                    .append(branch);
        }
        return String.join(
                "\n",
                "set -e",
                "cd " + site.dir.resolve("mirror.git"),
                "git fetch --quiet --no-tags " + site.privateUrl + fetchPrivate,
                "git fetch --quiet --no-tags " + site.publicUrl + fetchPublic,
                "to_public=''; to_private=''",
                "for b in " + String.join(" ", branches) + "; do",
                "  p=$(git rev-parse refs/private/$b); q=$(git rev-parse refs/public/$b)",
                "  if [ \"$p\" = \"$q\" ]; then continue; fi",
                "  if git merge-base --is-ancestor $q $p; then",
                "    to_public=\"$to_public --force-with-lease=refs/heads/$b:$q $p:refs/heads/$b\"",
                "  elif git merge-base --is-ancestor $p $q; then",
                "    to_private=\"$to_private --force-with-lease=refs/heads/$b:$p $q:refs/heads/$b\"",
                "  else",
                "    echo \"DIVERGED $b base=$(git merge-base $p $q) private=$(git rev-list --count $q..$p)"
                        + " public=$(git rev-list --count $p..$q)\"",
                "    git log --format='%h %an %s' -50 $q..$p >/dev/null",
                "    git log --format='%h %an %s' -50 $p..$q >/dev/null",
                "  fi",
                "done",
                "if [ -n \"$to_public\" ]; then git push --quiet " + site.publicUrl + " $to_public; fi",
                "if [ -n \"$to_private\" ]; then git push --quiet " + site.privateUrl + " $to_private; fi",
                "");
    }

    private String cliScript(Site site, Approach approach, List<String> branches, String options) {
        String start = approach == Approach.MS_CLI ? javaJar() : cliCommand();
        StringBuilder command =
                new StringBuilder(start + " sync --private " + site.privateUrl + " --public " + site.publicUrl);
        for (String branch : branches) {
            command.append(" --branch ").append(branch);
        }
        command.append(options)
                .append(" --tracker none --cache ")
                .append(site.cache(approach))
                .append(" --json > cli-out.json");
        // 3: a branch needs a human, which is what a divergence report is
        return String.join("\n", command + " || [ $? -eq 3 ]", "");
    }

    /** The shell-mode CLI's start: the launcher when the jar came with one, else {@code java -jar}. */
    private String cliCommand() {
        return launcher.map(CliLauncher::command).orElseGet(this::javaJar);
    }

    /** The CLI's jar started by the java on PATH, without the launcher's archive or options. */
    private String javaJar() {
        return "java -jar " + config.cliJar().orElseThrow();
    }

    private Run script(Site site, String body, Scenario scenario) throws IOException {
        Path script = site.scratch().resolve("run.sh");
        Files.writeString(script, body);
        Processes.Timed timed = Processes.timedScript(site.scratch(), script, Map.of());
        boolean divergence = scenario.kind() == Scenario.Kind.DIVERGED;
        // the seed's push is refused on a divergence, and that failure is its report
        boolean ok = timed.exit() == 0 || (divergence && body.contains("git clone"));
        String detail = "exit " + timed.exit()
                + (timed.exit() != 0 && !ok ? ": " + timed.stderr().strip() : "")
                + (timed.stdout().contains("DIVERGED") ? ": " + timed.stdout().strip() : "");
        if (divergence
                && body.contains("DIVERGED")
                && !timed.stdout().contains("private=" + scenario.count() + " public=" + scenario.count())) {
            ok = false;
        }
        return new Run(timed.wallMillis(), timed.cpuMillis(), timed.maxRssKb() / 1024.0, ok, detail);
    }

    /** Measures an in-process piece of work: wall, JVM CPU less the proxy's, peak heap in use. */
    private interface Work {
        String run(Run[] verdict);
    }

    private Run measureInProcess(Site site, Work work) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long proxyCpu = site.proxy.counts().proxyCpuNanos();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        Run[] verdict = new Run[1];
        String detail = work.run(verdict);
        double wall = (System.nanoTime() - start) / 1e6;
        double cpuMillis = (os.getProcessCpuTime() - cpu - (site.proxy.counts().proxyCpuNanos() - proxyCpu)) / 1e6;
        double peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        boolean ok = verdict[0] == null || verdict[0].ok();
        return new Run(wall, cpuMillis, peak, ok, detail);
    }

    private Run inProcess(
            Site site, Scenario scenario, Approach approach, List<String> branches, Optional<SyncStateStore> store) {
        MirrorPair pair = site.pair(branches);
        return measureInProcess(site, verdict -> {
            SyncReport report;
            try (JGitBackend backend =
                    JGitBackend.builder().cacheDirectory(site.cache(approach)).build()) {
                MirrorSync.Builder builder = MirrorSync.builder().gitBackend(backend);
                store.ifPresent(builder::stateStore);
                report = builder.build().sync(pair, SyncRequest.defaults());
            }
            boolean ok = true;
            StringBuilder detail = new StringBuilder();
            for (BranchReport branch : report.branches()) {
                SyncState state = branch.state().orElse(null);
                detail.append(branch.branch())
                        .append(' ')
                        .append(state)
                        .append(' ')
                        .append(branch.outcome())
                        .append("; ");
                ok &= switch (scenario.kind()) {
                    case NOTHING -> branch.outcome() == Outcome.UP_TO_DATE;
                    case AHEAD, BRANCHES -> branch.outcome() == Outcome.SYNCED;
                    case DIVERGED ->
                        state == SyncState.DIVERGED
                                && branch.outcome() == Outcome.NEEDS_HUMAN
                                && branch.onlyOnPrivate().total() == scenario.count()
                                && branch.onlyOnPublic().total() == scenario.count();
                };
            }
            verdict[0] = new Run(0, 0, 0, ok, "");
            return detail.toString().strip();
        });
    }

    private Run lsRemoteInProcess(Site site) {
        MirrorPair pair = site.pair(List.of("main"));
        return measureInProcess(site, verdict -> {
            try (JGitBackend backend = JGitBackend.builder()
                    .cacheDirectory(site.cache(Approach.JGIT_LS_REMOTE_X2))
                    .build()) {
                int found = backend.listRefs(pair.privateRepo(), List.of("refs/heads/main"))
                                .size()
                        + backend.listRefs(pair.publicRepo(), List.of("refs/heads/main"))
                                .size();
                verdict[0] = new Run(0, 0, 0, found == 2, "");
                return "listed " + found + " refs";
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Repositories on the server's disk.

    private static Map<String, String> tips(Path repo, List<String> branches) {
        Map<String, String> all = new LinkedHashMap<>();
        String out = Processes.git(repo, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/");
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split(" ", 2);
                all.put(parts[1].substring("refs/heads/".length()), parts[0]);
            }
        }
        Map<String, String> tips = new LinkedHashMap<>();
        for (String branch : branches) {
            tips.put(branch, all.get(branch));
        }
        return tips;
    }

    private static void reset(Path repo, Map<String, String> tips) {
        StringBuilder commands = new StringBuilder();
        tips.forEach((branch, tip) -> commands.append("update refs/heads/")
                .append(branch)
                .append(' ')
                .append(tip)
                .append('\n'));
        Processes.run(
                repo,
                List.of("git", "update-ref", "--stdin"),
                commands.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(Map<String, String> tips) {
        StringBuilder text = new StringBuilder();
        tips.forEach((branch, tip) -> text.append(branch)
                .append('=')
                .append(tip == null ? "-" : tip.substring(0, 8))
                .append(' '));
        return text.toString().strip();
    }

    static void deleteTree(Path dir) {
        try {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
