package org.silkroad.chaincode;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Starts the silkroad chaincode: the shim's {@link ContractRouter}, with the service's TLS settings checked first and
 * mutual TLS added.
 *
 * <p>fabric-chaincode-shim 2.5.8 reads the server's TLS key and certificate from the environment but offers no variable
 * for the CA of the clients (peers) it should accept: its server would take a connection from anyone who can reach the
 * port. When {@value #CLIENT_CA_FILE} is set, this entry point starts the same server with that CA as its trust store
 * and client certificates required. Without it, this is exactly {@code ContractRouter.main}.
 */
public final class ChaincodeMain {

    /** PEM file of the CA(s) whose certificates peers present when they connect; enables mutual TLS. */
    public static final String CLIENT_CA_FILE = "SILKROAD_CHAINCODE_TLS_CLIENT_CA_FILE";

    private static final Logger LOGGER = Logger.getLogger(ChaincodeMain.class.getName());

    private ChaincodeMain() {}

    /**
     * Runs the chaincode until the process is stopped.
     *
     * @param args the shim's command-line options ({@code -i <chaincode id>}, {@code -a <peer address>}), usually none:
     *     the environment configures everything
     * @throws Exception when the chaincode cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<String> problems = ServiceEnvironment.tlsProblems(env);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the chaincode service's TLS settings are unusable:\n  "
                    + String.join("\n  ", problems));
        }

        String clientCaFile = env.get(CLIENT_CA_FILE);
        if (clientCaFile == null || clientCaFile.isBlank()) {
            ContractRouter.main(args);
            return;
        }

        ContractRouter router = new ContractRouter(args);
        ChaincodeServerProperties server = router.getChaincodeServerConfig();
        server.setTrustCertCollectionFile(clientCaFile);
        LOGGER.info(() -> "Mutual TLS: peers must present a certificate issued by a CA in " + clientCaFile);
        router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, server));
    }
}
