package dev.mirrorsync.jgit;

import dev.mirrorsync.core.RepoLocation;
import java.util.List;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;

/**
 * An open fetch connection and the transport under it, from one ref listing. Over smart HTTP it can be kept for the
 * fetch that follows the listing ({@link #reusable()}): each exchange is its own request, so an idle listing holds
 * no socket and no thread. Other transports (a local path's upload-pack, SSH) are closed as soon as the listing is read.
 */
record Listing(Transport transport, FetchConnection connection) implements AutoCloseable {

    /** Opens a connection to {@code location} that advertises {@code asked} (names and prefixes, for protocol v2). */
    static Listing open(Remotes remotes, RepoLocation location, List<String> asked)
            throws NotSupportedException, TransportException {
        Transport transport = remotes.open(location);
        try {
            return new Listing(transport, transport.openFetch(List.of(), asked.toArray(String[]::new)));
        } catch (NotSupportedException | TransportException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    boolean reusable() {
        return transport instanceof TransportHttp;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            transport.close();
        }
    }
}
