package dev.mirrorsync.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A fleet configuration file ({@code sync --config mirror-sync.yml}): pairs, and defaults every pair inherits.
 *
 * <pre>
 * defaults:                      # optional; any key a pair may have but name, private and public
 *   tags: true
 *   tracker: file:issues
 * pairs:
 *   - name: app                  # required, unique
 *     private: https://git.example.com/acme/app.git
 *     public: https://github.com/acme/app.git
 *     branches: [main, 'release/*']   # names or patterns; default main
 *     exclude: ['release/old-*']
 *     all-branches: false
 *     tags: false
 *     direction: both            # both | to-public | to-private
 *     on-divergence: report      # report | prefer-private | prefer-public
 *     tracker: none              # as --tracker
 *     state: ref                 # as --state
 *     private-token-env: MIRROR_SYNC_PRIVATE_TOKEN
 *     public-token-env: MIRROR_SYNC_PUBLIC_TOKEN
 *     tracker-token-env: GITHUB_TOKEN
 * </pre>
 *
 * <p>Read with SnakeYAML's node API, so that every schema error names its line and column; a file with an error is
 * refused whole, before any pair runs. Token values never appear in the file, only the names of the variables.
 */
final class FleetConfig {
    private static final Set<String> PAIR_KEYS = Set.of(
            "name",
            "private",
            "public",
            "branches",
            "exclude",
            "all-branches",
            "tags",
            "direction",
            "on-divergence",
            "tracker",
            "state",
            "private-token-env",
            "public-token-env",
            "tracker-token-env");
    private static final Set<String> DEFAULT_KEYS = Set.of(
            "branches",
            "exclude",
            "all-branches",
            "tags",
            "direction",
            "on-divergence",
            "tracker",
            "state",
            "private-token-env",
            "public-token-env",
            "tracker-token-env");

    /** One pair as the file gives it, defaults applied; unset values are empty (the command's defaults then hold). */
    record PairConfig(
            String name,
            String privateUrl,
            String publicUrl,
            List<String> branches,
            List<String> exclude,
            boolean allBranches,
            boolean tags,
            Optional<String> direction,
            Optional<String> onDivergence,
            Optional<String> tracker,
            Optional<String> state,
            Optional<String> privateTokenEnv,
            Optional<String> publicTokenEnv,
            Optional<String> trackerTokenEnv) {}

    private final Path file;
    private final List<PairConfig> pairs;

    private FleetConfig(Path file, List<PairConfig> pairs) {
        this.file = file;
        this.pairs = pairs;
    }

    List<PairConfig> pairs() {
        return pairs;
    }

    /**
     * The pairs named by {@code --pair} (all when none is named), in the file's order.
     *
     * @throws IllegalArgumentException for a name the file does not have
     */
    List<PairConfig> select(List<String> names) {
        if (names.isEmpty()) {
            return pairs;
        }
        List<String> known = pairs.stream().map(PairConfig::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        "--pair " + name + ": " + file + " has no such pair; it has " + String.join(", ", known));
            }
        }
        return pairs.stream().filter(p -> names.contains(p.name())).toList();
    }

    /**
     * The values of the token variables a fleet file given with {@code --config} names, for the output's redaction: the
     * command line names no variables then. Empty when there is no such file or it does not read (the run then fails
     * on it before any token is used).
     */
    static List<String> tokensNamedIn(String[] args, Map<String, String> env) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String path = args[i].startsWith("--config=")
                    ? args[i].substring("--config=".length())
                    : args[i].equals("--config") && i + 1 < args.length ? args[i + 1] : null;
            if (path == null) {
                continue;
            }
            try {
                for (PairConfig pair : read(Path.of(path)).pairs()) {
                    Stream.of(pair.privateTokenEnv(), pair.publicTokenEnv(), pair.trackerTokenEnv())
                            .flatMap(Optional::stream)
                            .map(env::get)
                            .filter(Objects::nonNull)
                            .forEach(tokens::add);
                }
            } catch (IllegalArgumentException e) { // InvalidPathException among them
                // Reported by the command itself.
            }
        }
        return tokens;
    }

    /** @throws IllegalArgumentException for a file that cannot be read, is not YAML, or does not follow the schema */
    static FleetConfig read(Path file) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new IllegalArgumentException(
                    file + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                            + ": not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return new FleetConfig(file, new Reading(file).pairs(root));
    }

    /** One pass over the node tree, every error with its place. */
    private static final class Reading {
        private final Path file;

        Reading(Path file) {
            this.file = file;
        }

        List<PairConfig> pairs(Node root) {
            if (root == null) {
                throw new IllegalArgumentException(file + ": the file is empty; it needs a 'pairs:' list");
            }
            Map<String, Node> top = mapping(root, "the file", Set.of("defaults", "pairs"));
            Map<String, Node> defaults =
                    top.containsKey("defaults") ? mapping(top.get("defaults"), "'defaults'", DEFAULT_KEYS) : Map.of();
            Node list = top.get("pairs");
            if (list == null) {
                throw error(root, "the file has no 'pairs:' list");
            }
            if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                throw error(list, "'pairs' must be a list of at least one pair");
            }
            List<PairConfig> pairs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Node item : sequence.getValue()) {
                Map<String, Node> pair = mapping(item, "a pair", PAIR_KEYS);
                String name = required(pair, item, "name");
                if (!names.add(name)) {
                    throw error(pair.get("name"), "the pair name '" + name + "' is used twice; names must be unique");
                }
                Map<String, Node> merged = new LinkedHashMap<>(defaults);
                merged.putAll(pair);
                pairs.add(new PairConfig(
                        name,
                        required(pair, item, "private"),
                        required(pair, item, "public"),
                        strings(merged, "branches"),
                        strings(merged, "exclude"),
                        bool(merged, "all-branches"),
                        bool(merged, "tags"),
                        text(merged, "direction"),
                        text(merged, "on-divergence"),
                        text(merged, "tracker"),
                        text(merged, "state"),
                        text(merged, "private-token-env"),
                        text(merged, "public-token-env"),
                        text(merged, "tracker-token-env")));
            }
            return pairs;
        }

        private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(node, what + " must be a mapping of keys to values");
            }
            Map<String, Node> values = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), "a key");
                if (!allowed.contains(key)) {
                    throw error(
                            tuple.getKeyNode(),
                            "unknown key '" + key + "' in " + what + "; allowed: "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()));
                }
                values.put(key, tuple.getValueNode());
            }
            return values;
        }

        private String required(Map<String, Node> pair, Node item, String key) {
            if (!pair.containsKey(key)) {
                throw error(item, "this pair has no '" + key + "'");
            }
            String value = scalar(pair.get(key), "'" + key + "'");
            if (value.isBlank()) {
                throw error(pair.get(key), "'" + key + "' is empty");
            }
            return value;
        }

        private Optional<String> text(Map<String, Node> values, String key) {
            return Optional.ofNullable(values.get(key)).map(node -> scalar(node, "'" + key + "'"));
        }

        private boolean bool(Map<String, Node> values, String key) {
            Optional<String> text = text(values, key);
            if (text.isEmpty()) {
                return false;
            }
            return switch (text.get()) {
                case "true" -> true;
                case "false" -> false;
                default ->
                    throw error(values.get(key), "'" + key + "' must be true or false, not '" + text.get() + "'");
            };
        }

        private List<String> strings(Map<String, Node> values, String key) {
            Node node = values.get(key);
            if (node == null) {
                return List.of();
            }
            if (node instanceof ScalarNode) {
                return List.of(scalar(node, "'" + key + "'"));
            }
            if (!(node instanceof SequenceNode sequence)) {
                throw error(node, "'" + key + "' must be a list of names or patterns");
            }
            return sequence.getValue().stream()
                    .map(item -> scalar(item, "an entry of '" + key + "'"))
                    .toList();
        }

        private String scalar(Node node, String what) {
            if (!(node instanceof ScalarNode scalar)) {
                throw error(node, what + " must be a single value, not a list or a mapping");
            }
            return scalar.getValue();
        }

        private IllegalArgumentException error(Node node, String message) {
            Mark mark = node.getStartMark();
            return new IllegalArgumentException(
                    file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": " + message);
        }
    }
}
