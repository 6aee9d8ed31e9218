package org.silkroad.ops.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.silkroad.ops.shared.OpsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code verify-bundle FILE}: checks an evidence bundle exported by the explorer, offline. */
public final class VerifyBundleCommand {

    public static final String USAGE = """
            verify-bundle <file> [--repeat <n>]
                Verifies an evidence bundle exported by the explorer, without any network access: the states' CA
                certificates and the BFT consenters come from the bundle's configuration block, whose hash is printed
                (compare it with the channel's published one). Checks every creator and endorser signature, every
                transaction against its block's data hash, the header chain, and the orderer signatures against the
                BFT quorum; names every check that fails.
                --repeat <n>  verify n times and print the time taken (a benchmark; the first run pays for JIT warm-up)
                Exit code: 0 verified, 1 verification failed, 2 the file could not be read as a bundle.""";

    private final JsonMapper json = JsonMapper.builder().build();

    public int run(List<String> args, PrintStream out) {
        Path file = null;
        int repeat = 1;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--repeat")) {
                if (i + 1 >= args.size()) {
                    throw new OpsException("--repeat needs a number");
                }
                try {
                    repeat = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new OpsException("--repeat needs a number, not '" + args.get(i) + "'");
                }
                if (repeat < 1) {
                    throw new OpsException("--repeat must be at least 1");
                }
            } else if (arg.startsWith("-")) {
                throw new OpsException("unknown option '" + arg + "'\nusage: " + USAGE);
            } else if (file == null) {
                file = Path.of(arg);
            } else {
                throw new OpsException("one bundle file at a time\nusage: " + USAGE);
            }
        }
        if (file == null) {
            throw new OpsException("which bundle?\nusage: " + USAGE);
        }
        long readStart = System.nanoTime();
        JsonNode tree;
        try {
            tree = json.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new OpsException(file + " is not JSON");
        }
        BundleVerifier.Result result = null;
        List<Long> nanos = new ArrayList<>();
        List<Long> cpuNanos = new ArrayList<>();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < repeat; i++) {
            long start = i == 0 ? readStart : System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            EvidenceBundle bundle;
            try {
                bundle = EvidenceBundle.read(tree);
            } catch (EvidenceBundle.BundleFormatException e) {
                throw new OpsException(file + ": " + e.getMessage());
            }
            result = new BundleVerifier().verify(bundle);
            nanos.add(System.nanoTime() - start);
            cpuNanos.add(threads.getCurrentThreadCpuTime() - cpuStart);
        }
        EvidenceBundle bundle = EvidenceBundle.read(tree);
        out.println("Evidence bundle " + file + ": channel " + bundle.channel() + ", " + bundle.transactions().size()
                + " transaction(s) in " + bundle.blocks().size() + " block(s), " + bundle.headers().size() + " header(s)");
        out.println("Trust anchor: " + (result.trustAnchor() == null ? "none" : result.trustAnchor()));
        for (String line : result.verified()) {
            out.println("  ok    " + line);
        }
        for (String line : result.failures()) {
            out.println("  FAIL  " + line);
        }
        out.println(result.ok() ? "VERIFIED" : "NOT VERIFIED: " + result.failures().size() + " check(s) failed");
        // Wall time and this thread's CPU time: on a shared machine the wall time also counts other processes' turns.
        if (repeat > 1) {
            List<Long> sorted = new ArrayList<>(nanos.subList(1, nanos.size()));
            Collections.sort(sorted);
            List<Long> sortedCpu = new ArrayList<>(cpuNanos.subList(1, cpuNanos.size()));
            Collections.sort(sortedCpu);
            out.printf("Timing: %d runs; first %.1f ms wall / %.1f ms CPU (includes reading the file and JIT warm-up); "
                            + "later runs: median %.1f ms wall / %.1f ms CPU, min %.1f ms wall / %.1f ms CPU%n", repeat,
                    nanos.get(0) / 1e6, cpuNanos.get(0) / 1e6, sorted.get(sorted.size() / 2) / 1e6,
                    sortedCpu.get(sortedCpu.size() / 2) / 1e6, sorted.get(0) / 1e6, sortedCpu.get(0) / 1e6);
        } else {
            out.printf("Verified in %.1f ms wall / %.1f ms CPU%n", nanos.get(0) / 1e6, cpuNanos.get(0) / 1e6);
        }
        return result.ok() ? 0 : 1;
    }
}
