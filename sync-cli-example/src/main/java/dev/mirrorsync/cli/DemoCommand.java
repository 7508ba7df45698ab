package dev.mirrorsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.core.SyncState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mirror-sync demo}: a tour on two local bare repositories with the {@code file:} tracker; no network,
 * no token. Every step runs a real {@code mirror-sync} command line, prints it and its output, and checks
 * what it claims; the workspace stays for the newcomer to look at.
 */
@Command(
        name = "demo",
        description = "A self-contained tour on local repositories; needs no network or token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step did what it said",
            "1:a step did not do what it said (the output names it)",
            "2:the --dir directory is not empty or not usable"
        })
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where to create the demo workspace (default: a new temporary directory).")
    Path directory;

    private final List<String> problems = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Console console = main.console();
        PrintWriter out = console.out();
        Path workspace =
                directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("mirror-sync-demo-");
        if (directory != null) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(workspace)) {
                if (entries.iterator().hasNext()) {
                    throw new IllegalArgumentException(
                            "the demo directory " + workspace + " is not empty; give an empty or new one");
                }
            }
        }
        Path issues = workspace.resolve("issues");
        out.println("mirror-sync demo: a private and a public repository kept in sync, both ways, with leases.");
        out.println();
        out.println("  workspace  " + workspace);
        out.println("  private    " + workspace.resolve("private.git") + "   (bare repository)");
        out.println("  public     " + workspace.resolve("public.git") + "   (bare repository)");
        out.println("  issues     " + issues + "   (the file: tracker, one JSON file per issue)");
        out.println();
        try (DemoRepository priv = DemoRepository.createBare(workspace.resolve("private.git"), "Private Developer");
                DemoRepository pub = DemoRepository.createBare(workspace.resolve("public.git"), "Public Contributor")) {
            List<String> sync = List.of(
                    "sync",
                    "--name",
                    "demo",
                    "--private",
                    priv.directory().toString(),
                    "--public",
                    pub.directory().toString(),
                    "--tracker",
                    "file:" + issues,
                    "--cache",
                    workspace.resolve("cache").toString());

            step(1, "The private repository has history; the public one is still empty.");
            priv.commit("Add the README", "README.md", "# Cookbook\n");
            priv.commit("Add the first recipe", "recipes/bread.md", "flour, water, salt, yeast\n");
            run(sync, 0, SyncState.PUBLIC_MISSING);
            expectSame(priv, pub);

            step(2, "A pull request merges on the private side: public is fast-forwarded.");
            priv.commit("Add a soup recipe", "recipes/soup.md", "leeks, potatoes\n");
            run(sync, 0, SyncState.PRIVATE_AHEAD);
            expectSame(priv, pub);

            step(3, "A contributor's pull request merges on the public side: private is fast-forwarded.");
            pub.commit("Fix a typo in the README", "README.md", "# The Cookbook\n");
            run(sync, 0, SyncState.PUBLIC_AHEAD);
            expectSame(priv, pub);

            step(
                    4,
                    "Both sides get a commit of their own: the branch has diverged. Nothing is forced; one issue is opened.");
            priv.commit("Add a cake recipe", "recipes/cake.md", "eggs, sugar, flour\n");
            pub.commit("Add a salad recipe", "recipes/salad.md", "lettuce, lemon\n");
            run(sync, 3, SyncState.DIVERGED);
            expectIssues(issues, 1, 1);

            step(5, "The scheduled safety net runs again: the same issue stays open, no duplicate.");
            run(sync, 3, SyncState.DIVERGED);
            expectIssues(issues, 1, 1);

            step(6, "A human resolves it with one command: a clean merge in memory, pushed to both sides with leases.");
            List<String> resolve = new ArrayList<>(sync);
            resolve.set(0, "resolve");
            resolve.addAll(List.of("--strategy", "merge"));
            run(resolve, 0, SyncState.DIVERGED);
            expectSame(priv, pub);
            expectIssues(issues, 1, 0);

            step(7, "The next run finds everything in sync and does nothing.");
            run(sync, 0, SyncState.IN_SYNC);
            expectIssues(issues, 1, 0);
        }
        out.println();
        if (problems.isEmpty()) {
            out.println("Done: every step did what it said. Look around in " + workspace);
            out.println("  git --git-dir " + workspace.resolve("private.git") + " log --oneline --graph main");
            out.println("  cat " + issues.resolve("1.json"));
            return ExitCodes.OK;
        }
        out.println("The demo did not go as described:");
        problems.forEach(p -> out.println("  - " + p));
        return ExitCodes.FAILURE;
    }

    private void step(int number, String text) {
        PrintWriter out = main.console().out();
        out.println();
        out.println(number + ". " + text);
    }

    /** Runs one real command line in-process, shows it and its output, and checks its exit code and the state it reports. */
    private void run(List<String> args, int expectedExit, SyncState expectedState) {
        Console console = main.console();
        PrintWriter out = console.out();
        out.println("   $ mirror-sync " + String.join(" ", args));
        StringWriter text = new StringWriter();
        StringWriter errors = new StringWriter();
        Map<String, String> env = new HashMap<>(console.environment());
        Main.TOKEN_VARIABLES.forEach(env::remove);
        int exit = Main.run(args.toArray(String[]::new), env, new PrintWriter(text), new PrintWriter(errors), false);
        text.toString().lines().forEach(line -> out.println("   " + line));
        errors.toString().lines().forEach(line -> out.println("   ! " + line));
        out.println("   (exit " + exit + ")");
        if (exit != expectedExit) {
            problems.add("'" + args.get(0) + "' exited " + exit + ", expected " + expectedExit);
        }
        String printed = text.toString();
        if (!printed.contains(ReportPrinter.phrase(expectedState))) {
            problems.add("'" + args.get(0) + "' did not report " + ReportPrinter.phrase(expectedState) + ": "
                    + printed.strip());
        }
    }

    private void expectSame(DemoRepository priv, DemoRepository pub) throws IOException {
        String p = priv.main();
        String q = pub.main();
        if (p == null || !p.equals(q)) {
            problems.add("private main " + p + " and public main " + q + " differ");
        } else {
            main.console().out().println("   private and public main are both at " + p.substring(0, 12));
        }
    }

    private void expectIssues(Path issues, int total, int open) throws IOException {
        int all = 0;
        int stillOpen = 0;
        if (Files.isDirectory(issues)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(issues, "[0-9]*.json")) {
                for (Path file : files) {
                    all++;
                    if (new ObjectMapper()
                            .readTree(file.toFile())
                            .path("state")
                            .asText()
                            .equals("open")) {
                        stillOpen++;
                    }
                }
            }
        }
        main.console().out().println("   issues on file: " + all + " (" + stillOpen + " open)");
        if (all != total || stillOpen != open) {
            problems.add(
                    "expected " + total + " issue(s), " + open + " open; found " + all + ", " + stillOpen + " open");
        }
    }
}
