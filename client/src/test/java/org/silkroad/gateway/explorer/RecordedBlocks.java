package org.silkroad.gateway.explorer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.hyperledger.fabric.protos.common.Block;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocks 0..11 recorded from a real three-state network (SmartBFT, 4 consenters): configuration, chaincode
 * lifecycle, a ping {@code hello-1}, CNY registered, two wallets opened, issuance {@code iss-1}, payment
 * {@code PAY-42} of 12.34 CNY, and a ping whose request ID is the SHA-256 of {@link #DOCUMENT}. Each block is stored
 * as a 4-byte length and the block's protobuf bytes.
 */
final class RecordedBlocks {

    static final String DOCUMENT = "Bill of lading BL-2026-0042\nShipper: CN exporter\nConsignee: RW importer\n";
    static final String DOCUMENT_SHA256 = "74b09f064415eeb9ead08cdcbb40604571d76fcef10a8352da1b385680e639bd";
    static final String PAYMENT_TX = "c19b9eee1d6ad9c8c3b30358934799945385df760e54eb3cf718c6f342da4cb0";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordedBlocks() {
    }

    static List<Block> all() {
        List<Block> blocks = new ArrayList<>();
        try (InputStream resource = RecordedBlocks.class.getResourceAsStream("/explorer/blocks-0-11.bin");
             DataInputStream in = new DataInputStream(resource)) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return blocks;
                }
                blocks.add(Block.parseFrom(in.readNBytes(length)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A store on a fresh database ({@link ExplorerTestDatabase}), with the schema. */
    static ExplorerStore newStore(String name) {
        DataSource dataSource = ExplorerTestDatabase.fresh(name);
        ExplorerStore store = new ExplorerStore(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), JSON);
        store.createSchema();
        return store;
    }

    static void indexAll(ExplorerStore store) {
        BlockParser parser = new BlockParser(JSON);
        for (Block block : all()) {
            store.save(parser.parse(block), block.getHeader().toByteArray(), block.toByteArray());
        }
    }

    /**
     * A peer's block stream over the recorded blocks: it serves from the requested block and then waits for more, like
     * a real deliver stream; {@code failAfter} cuts the first connection after that many blocks.
     */
    static final class Source implements BlockSource {
        private final List<Block> blocks = all();
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Long> startBlocks = new ArrayList<>();
        private volatile int failAfter;

        Source(int failAfterOnFirstConnection) {
            this.failAfter = failAfterOnFirstConnection;
        }

        @Override
        public long height() {
            return blocks.size();
        }

        synchronized List<Long> startBlocks() {
            return List.copyOf(startBlocks);
        }

        @Override
        public Blocks blocks(long startBlock) {
            synchronized (this) {
                startBlocks.add(startBlock);
            }
            int connection = connections.incrementAndGet();
            BlockingQueue<Block> queue = new LinkedBlockingQueue<>(blocks.subList((int) startBlock, blocks.size()));
            int cut = connection == 1 ? failAfter : -1;
            return new Blocks() {
                private int served;
                private volatile boolean closed;

                @Override
                public boolean hasNext() {
                    if (cut >= 0 && served == cut) {
                        throw new IllegalStateException("stream cut by the test after " + cut + " blocks");
                    }
                    while (!closed) {
                        if (!queue.isEmpty()) {
                            return true;
                        }
                        try {
                            TimeUnit.MILLISECONDS.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                    return false;
                }

                @Override
                public Block next() {
                    served++;
                    return queue.remove();
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }
}
