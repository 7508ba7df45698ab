package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorSyncException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code mirror-sync}: the command line. This is the only place where exceptions become exit codes and
 * messages; every message passes through a filter that masks the values of the token variables.
 */
@Command(
        name = "mirror-sync",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Keeps a private git repository and its public mirror in safe two-way sync.",
        usageHelpAutoWidth = true,
        footerHeading = "%n",
        footer = {
            "Each option may also come from a file: mirror-sync @args.txt reads one argument per line (picocli argument files).",
            "Log levels: --quiet, --verbose, or MIRROR_SYNC_LOG_LEVEL=LEVEL or LOGGER=LEVEL,... (error, warn, info, debug, trace).",
            "Design, state table and CLI contract: docs/design.md and docs/cli.md in the source repository.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_SYNCED, ExitCodes.FAILED, ExitCodes.BAD_USAGE, ExitCodes.HUMAN})
public final class Main implements Callable<Integer> {
    /** The variables whose values are masked in all output, besides those named by the token options. */
    static final List<String> TOKEN_VARIABLES =
            List.of(PairOptions.PRIVATE_TOKEN_ENV, PairOptions.PUBLIC_TOKEN_ENV, EngineOptions.TRACKER_TOKEN_ENV);

    /**
     * The subcommands, in the order help lists them. Building a command's model is picocli's reflection over its
     * options, most of a short run's start-up, so a command line that names one of them gets only that one (see
     * {@link #commandLine}).
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            SyncCommand.class,
            StatusCommand.class,
            ResolveCommand.class,
            WorkflowsCommand.class,
            DemoCommand.class,
            CompletionCommand.class,
            SummaryCommand.class);

    /** Subcommands that read the whole command tree, so they always get every subcommand. */
    private static final Set<String> NEED_ALL = Set.of("completion", "summary");

    /** The top command's own options, which may come before the subcommand. */
    private static final Set<String> TOP_OPTIONS = Set.of("--verbose", "--quiet");

    private static final Set<String> VERSION = Set.of("--version", "-V");

    private final Console console;

    /** Sets log levels without a flag: {@code debug}, or {@code dev.mirrorsync=debug,org.eclipse.jgit=info}. */
    static final String LOG_LEVEL_VARIABLE = "MIRROR_SYNC_LOG_LEVEL";

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Debug logging and stack traces (never secrets).")
    boolean verbose;

    @Option(
            names = "--quiet",
            scope = ScopeType.INHERIT,
            description = "Only the result lines (and errors): no progress, no log lines below ERROR.")
    boolean quiet;

    Main(Console console) {
        this.console = console;
    }

    Console console() {
        return console;
    }

    /** {@code --quiet} given anywhere on the command line. */
    boolean quiet() {
        return quiet;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, System.getenv(), out, err, System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line in-process, as {@code main} would, and returns its exit code instead of exiting.
     * Tokens are read from {@code env} only; output goes to {@code out} and {@code err}, with token values masked.
     */
    public static int run(
            String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {
        Set<String> secrets = new LinkedHashSet<>();
        TOKEN_VARIABLES.forEach(name -> secrets.add(env.get(name)));
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].endsWith("-token-env")) {
                secrets.add(env.get(args[i + 1]));
            }
        }
        secrets.addAll(FleetConfig.tokensNamedIn(args, env));
        secrets.remove(null);
        PrintWriter safeOut = RedactingWriter.wrap(out, secrets);
        PrintWriter safeErr = RedactingWriter.wrap(err, secrets);
        Console console = new Console(env, safeOut, safeErr, interactive);
        Main main = new Main(console);
        CommandLine commandLine = commandLine(main, args);
        commandLine.setOut(safeOut);
        commandLine.setErr(safeErr);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            Suggestions.print(e, args, safeErr);
            safeErr.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            main.verbose = matched(parseResult, "--verbose");
            main.quiet = matched(parseResult, "--quiet");
            if (main.verbose && main.quiet) {
                throw new CommandLine.ParameterException(
                        parseResult.commandSpec().commandLine(),
                        "--quiet and --verbose do not go together: choose one");
            }
            try {
                LogLevels.apply(main.verbose, main.quiet, console.env(LOG_LEVEL_VARIABLE));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        parseResult.commandSpec().commandLine(), e.getMessage());
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            int code = exitCode(e);
            safeErr.println("mirror-sync: " + message(e));
            if (main.verbose) {
                e.printStackTrace(safeErr);
            } else if (code == ExitCodes.FAILURE && !(e instanceof MirrorSyncException)) {
                safeErr.println("(run again with --verbose for details)");
            }
            safeErr.flush();
            return code;
        });
        int code = commandLine.execute(args);
        safeOut.flush();
        safeErr.flush();
        return code;
    }

    /**
     * The command tree for {@code args}: with only the subcommand they name when they name one plainly (after nothing
     * but the top command's own options), else with every subcommand, for help, suggestions and argument files.
     */
    static CommandLine commandLine(Main main, String[] args) {
        CommandLine commandLine = new CommandLine(main);
        String named = null;
        for (String arg : args) {
            if (!TOP_OPTIONS.contains(arg)) {
                named = arg;
                break;
            }
        }
        if (named != null && SUBCOMMANDS.containsKey(named) && !NEED_ALL.contains(named)) {
            commandLine.addSubcommand(named, SUBCOMMANDS.get(named));
        } else if (named != null && VERSION.contains(named) && args[args.length - 1].equals(named)) {
            // --version alone needs no subcommand
        } else {
            // a loop, not forEach(commandLine::addSubcommand): the method reference's call site makes the class-data
            // archive's dump link picocli.CommandLine, and an old (Java 5) class linked there is left out of the
            // archive
            for (Map.Entry<String, Class<?>> subcommand : SUBCOMMANDS.entrySet()) {
                commandLine.addSubcommand(subcommand.getKey(), subcommand.getValue());
            }
        }
        return commandLine;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> command : commands) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** With no subcommand: say how to use it, and fail as a usage error. */
    @Override
    public Integer call() {
        console.err().println("mirror-sync: a command is required.");
        commandLine(this, new String[0]).usage(console.err());
        return ExitCodes.USAGE;
    }

    static int exitCode(Exception e) {
        if (e instanceof MirrorSyncException failure) {
            return ExitCodes.of(failure.reason());
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    static String message(Exception e) {
        if (e instanceof MirrorSyncException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** An option given on the top command or on any subcommand (it is inherited by all). */
    private static boolean matched(CommandLine.ParseResult parseResult, String option) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --version}: what was built from which commit, when, and what it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BuildInfo.load().lines().toArray(String[]::new);
        }
    }
}
