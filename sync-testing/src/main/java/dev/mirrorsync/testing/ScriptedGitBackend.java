package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wraps any {@link GitBackend} and scripts what the remotes do to the engine: faults on listing, fetching
 * or pushing (before the call reaches the remote, or after a push applied, as a lost answer), another
 * client's update between the engine's observation and its push, and protected refs that refuse pushes.
 * It records every push the engine made. Because it works on the SPI, the same scripts run against
 * in-memory and real repositories.
 *
 * <p>Not thread-safe: the engine calls a backend from one thread.
 */
public final class ScriptedGitBackend extends ForwardingGitBackend {

    /** The operations faults can be injected into. */
    public enum Operation {
        LIST_REFS,
        FETCH,
        PUSH
    }

    /** One push the engine made and the answer it got (empty when the call threw). */
    public record Push(String url, RefUpdate update, Optional<PushResult> result) {
        public boolean succeeded() {
            return result.map(PushResult::isSuccess).orElse(false);
        }
    }

    /**
     * A scripted fault. {@code afterApplying}: for a push, the remote applies the update and the answer is
     * lost on the way back, so a retry meets its own update.
     */
    public record Fault(Operation operation, String url, MirrorSyncException failure, boolean afterApplying) {}

    private record Race(String url, Runnable action) {}

    private final List<Fault> faults = new ArrayList<>();
    private final List<Race> races = new ArrayList<>();
    private final Set<String> protectedRefs = new HashSet<>();
    private final List<Push> pushes = new ArrayList<>();
    private final List<Fault> fired = new ArrayList<>();
    private int racesRun;
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);

    public ScriptedGitBackend(GitBackend delegate) {
        super(delegate);
    }

    /** The next call of {@code operation} on {@code url} throws {@code failure}; faults are consumed in order. */
    public void failNext(Operation operation, String url, MirrorSyncException failure) {
        faults.add(new Fault(operation, url, failure, false));
    }

    /** The next push to {@code url} is applied by the remote, and then {@code failure} is thrown: a lost answer. */
    public void failAfterNextPush(String url, MirrorSyncException failure) {
        faults.add(new Fault(Operation.PUSH, url, failure, true));
    }

    /** Runs {@code action} (another client's update) inside the next push to {@code url}, before it reaches the remote. */
    public void beforeNextPush(String url, Runnable action) {
        races.add(new Race(url, action));
    }

    /** Pushes to {@code ref} on {@code url} are refused ({@code REJECTED_OTHER}), as a protected branch's are. */
    public void protect(String url, String ref) {
        protectedRefs.add(url + " " + ref);
    }

    /** Forgets every fault, race and protection not yet consumed. */
    public void clearScript() {
        faults.clear();
        races.clear();
        protectedRefs.clear();
    }

    /** Every push made through this backend, in order. */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    /** Faults that were thrown, in order. */
    public List<Fault> firedFaults() {
        return List.copyOf(fired);
    }

    /** How many times the engine called an operation, faulted calls included. */
    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** How many scripted races ran. */
    public int racesRun() {
        return racesRun;
    }

    @Override
    public Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames) {
        faultBefore(Operation.LIST_REFS, repo.url());
        return super.listRefs(repo, refNames);
    }

    @Override
    public Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames, Collection<String> prefixes) {
        faultBefore(Operation.LIST_REFS, repo.url());
        return super.listRefs(repo, refNames, prefixes);
    }

    @Override
    public void fetch(RepoLocation repo, Collection<String> refNames) {
        faultBefore(Operation.FETCH, repo.url());
        super.fetch(repo, refNames);
    }

    @Override
    public void fetchListed(RepoLocation repo, Map<String, CommitId> refs) {
        faultBefore(Operation.FETCH, repo.url());
        super.fetchListed(repo, refs);
    }

    @Override
    public void fetchListed(RepoLocation repo, Map<String, CommitId> refs, Map<String, CommitId> boundary) {
        faultBefore(Operation.FETCH, repo.url());
        super.fetchListed(repo, refs, boundary);
    }

    @Override
    public PushResult push(RepoLocation repo, RefUpdate update) {
        String url = repo.url();
        try {
            faultBefore(Operation.PUSH, url);
        } catch (MirrorSyncException e) {
            pushes.add(new Push(url, update, Optional.empty()));
            throw e;
        }
        for (Iterator<Race> it = races.iterator(); it.hasNext(); ) {
            Race race = it.next();
            if (race.url().equals(url)) {
                it.remove();
                racesRun++;
                race.action().run();
                break;
            }
        }
        if (protectedRefs.contains(url + " " + update.refName())) {
            PushResult refused = PushResult.of(PushResult.Status.REJECTED_OTHER, "protected branch hook declined");
            pushes.add(new Push(url, update, Optional.of(refused)));
            return refused;
        }
        PushResult result = super.push(repo, update);
        pushes.add(new Push(url, update, Optional.of(result)));
        Optional<Fault> lost = take(Operation.PUSH, url, true);
        if (lost.isPresent()) {
            throw lost.get().failure();
        }
        return result;
    }

    /** Update by update, so that every fault, race and protected ref of the script applies to each. */
    @Override
    public List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        List<PushResult> results = new ArrayList<>(updates.size());
        for (RefUpdate update : updates) {
            results.add(push(repo, update));
        }
        return results;
    }

    private void faultBefore(Operation operation, String url) {
        synchronized (this) {
            calls.merge(operation, 1, Integer::sum);
        }
        Optional<Fault> fault = take(operation, url, false);
        if (fault.isPresent()) {
            throw fault.get().failure();
        }
    }

    private Optional<Fault> take(Operation operation, String url, boolean afterApplying) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.operation() == operation && fault.url().equals(url) && fault.afterApplying() == afterApplying) {
                it.remove();
                fired.add(fault);
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
