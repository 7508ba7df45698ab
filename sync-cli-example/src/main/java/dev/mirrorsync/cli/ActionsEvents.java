package dev.mirrorsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.github.actions.ActionsTrigger;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * Inside GitHub Actions ({@code GITHUB_ACTIONS=true}), reads the event that started the job, so that a pull
 * request closed without merging, or merged into another branch, is a clean no-op with a one-line reason.
 */
final class ActionsEvents {
    private ActionsEvents() {}

    static Optional<ActionsTrigger> trigger(Console console, List<String> branches) {
        boolean inActions = console.env("GITHUB_ACTIONS").map("true"::equals).orElse(false);
        if (!inActions || console.env("GITHUB_EVENT_NAME").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ActionsTrigger.fromEnvironment(console.environment(), branches));
    }

    static void printSkipped(ActionsTrigger trigger, MirrorPair pair, boolean json, PrintWriter out) {
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("pair", pair.name());
            root.put("dryRun", false);
            root.putArray("branches");
            root.put("skipped", trigger.reason());
            out.println(root);
        } else {
            out.println("nothing to do for this " + trigger.eventName() + " event: " + trigger.reason());
        }
        out.flush();
    }
}
