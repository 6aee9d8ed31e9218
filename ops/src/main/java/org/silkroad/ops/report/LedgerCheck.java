package org.silkroad.ops.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.silkroad.ops.shared.BlockHashes;
import org.silkroad.ops.shared.NetworkDescription;

/**
 * Do the states' peers hold the same ledger? Each peer's height comes from {@code qscc GetChainInfo}; at the lowest
 * common height minus one (the newest block every peer has) each peer's block is fetched and its header hash
 * computed here, the Fabric way. The hash is trusted only if the block is self-consistent: its {@code data_hash}
 * matches its transactions, and the hash matches what the same peer's chain says it is (the next block's
 * {@code previous_hash}, or {@code currentBlockHash} when it is the peer's newest block). Peers agree when every
 * state's peer answered and all computed hashes are equal.
 *
 * <p>Heights may differ by a block or two while blocks are being delivered; that is normal and not a failure.
 */
final class LedgerCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final ChainSource.Opener opener;

    LedgerCheck(ChainSource.Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    private record Peer(NetworkDescription.State state, ChainSource source, BlockchainInfo info, String error) {
    }

    Report.Ledger check(NetworkDescription network) {
        List<NetworkDescription.State> states = List.copyOf(network.states().values());
        if (states.isEmpty()) {
            return new Report.Ledger(List.of(), null, null, List.of(), null, false);
        }
        ExecutorService pool = Executors.newFixedThreadPool(states.size(), runnable -> {
            Thread thread = new Thread(runnable, "ledger-check");
            thread.setDaemon(true);
            return thread;
        });
        List<Peer> peers = new ArrayList<>();
        try {
            // One peer's delay must not add to another's: each peer is asked on its own thread.
            peers = all(pool, states.stream().<Callable<Peer>>map(state -> () -> chainInfo(state)).toList());
            return compare(pool, peers);
        } finally {
            peers.stream().map(Peer::source).filter(Objects::nonNull).forEach(ChainSource::close);
            pool.shutdownNow();
        }
    }

    private Peer chainInfo(NetworkDescription.State state) {
        ChainSource source = null;
        try {
            source = opener.open(state);
            return new Peer(state, source, source.chainInfo(), null);
        } catch (ChainSource.QueryException e) {
            return new Peer(state, source, null, e.getMessage());
        }
    }

    private Report.Ledger compare(ExecutorService pool, List<Peer> peers) {
        List<Report.PeerChain> chains = peers.stream().map(LedgerCheck::chain).toList();
        List<Peer> answered = peers.stream().filter(p -> p.info() != null).toList();
        if (answered.isEmpty()) {
            return new Report.Ledger(chains, null, null, List.of(), null, false);
        }
        long commonHeight = answered.stream().mapToLong(p -> p.info().getHeight()).min().orElseThrow();
        if (commonHeight < 1) {
            // A peer that has joined the channel holds at least the genesis block; height 0 means it has not joined.
            return new Report.Ledger(chains, commonHeight, null, List.of(), null, false);
        }
        long compared = commonHeight - 1;
        List<Report.BlockCheck> blocks = all(pool, answered.stream()
                .<Callable<Report.BlockCheck>>map(peer -> () -> blockCheck(peer, compared)).toList());

        boolean everyPeerAnswered = answered.size() == peers.size();
        boolean everyBlockSound = blocks.stream().allMatch(b -> b.error() == null
                && Boolean.TRUE.equals(b.dataHashValid()) && Boolean.TRUE.equals(b.linked()));
        long distinctHashes = blocks.stream().map(Report.BlockCheck::headerHash).distinct().count();
        boolean agree = everyPeerAnswered && everyBlockSound && distinctHashes == 1;
        return new Report.Ledger(chains, commonHeight, compared, blocks, agree ? blocks.get(0).headerHash() : null,
                agree);
    }

    private static Report.BlockCheck blockCheck(Peer peer, long number) {
        String state = peer.state().code();
        try {
            Block block = peer.source().block(number);
            if (block.getHeader().getNumber() != number) {
                return new Report.BlockCheck(state, null, null, null, null,
                        "peer returned block " + block.getHeader().getNumber() + " when asked for " + number);
            }
            byte[] hash = BlockHashes.headerHash(block.getHeader());
            boolean dataHashValid = Arrays.equals(BlockHashes.dataHash(block.getData()),
                    block.getHeader().getDataHash().toByteArray());
            byte[] reference;
            String linkedBy;
            if (peer.info().getHeight() > number + 1) {
                Block next = peer.source().block(number + 1);
                reference = next.getHeader().getPreviousHash().toByteArray();
                linkedBy = "next-block";
            } else {
                reference = peer.info().getCurrentBlockHash().toByteArray();
                linkedBy = "chain-info";
            }
            return new Report.BlockCheck(state, HEX.formatHex(hash), dataHashValid, linkedBy,
                    Arrays.equals(hash, reference), null);
        } catch (ChainSource.QueryException e) {
            return new Report.BlockCheck(state, null, null, null, null, e.getMessage());
        }
    }

    private static Report.PeerChain chain(Peer peer) {
        NetworkDescription.State state = peer.state();
        String address = state.peer().hostAlias() + " " + state.peer().endpoint();
        if (peer.info() == null) {
            return new Report.PeerChain(state.code(), state.mspId(), address, null, null, null, peer.error());
        }
        return new Report.PeerChain(state.code(), state.mspId(), address, peer.info().getHeight(),
                HEX.formatHex(peer.info().getCurrentBlockHash().toByteArray()),
                HEX.formatHex(peer.info().getPreviousBlockHash().toByteArray()), null);
    }

    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying peers", e);
        } catch (ExecutionException e) {
            // The tasks turn every expected failure into a result; anything else is a bug worth its stack trace.
            throw new IllegalStateException("ledger check failed unexpectedly", e.getCause());
        }
    }
}
