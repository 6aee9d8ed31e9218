package org.silkroad.gateway.currency;

import java.util.regex.Pattern;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;

/**
 * Wallet IDs as the chaincode forms them: {@code <MSP ID>/<name>}, e.g. {@code CNMSP/business-1}. A caller's own
 * wallet is named by its enrollment ID; a device wallet by the device ID its owner registered.
 */
final class Wallets {

    /** A member state's MSP ID. */
    static final String MSP_ID = "[A-Z]{2}MSP";
    /** The name part of a wallet ID. */
    static final String NAME = "[A-Za-z0-9._@+:-]{1,128}";
    /** A whole wallet ID, as in request bodies. */
    static final String WALLET_ID = MSP_ID + "/" + NAME;
    static final String WALLET_ID_RULE = "must be <MSP ID>/<name>, e.g. CNMSP/business-1";
    static final String NAME_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ @ + : -";

    private static final Pattern NAME_FORM = Pattern.compile(NAME);

    private Wallets() {
    }

    static String of(String mspId, String name) {
        return mspId + "/" + name;
    }

    /** The MSP ID (member state) part of a wallet ID. */
    static String mspIdOf(String walletId) {
        int slash = walletId.indexOf('/');
        return slash < 0 ? walletId : walletId.substring(0, slash);
    }

    /**
     * The caller's own wallet ID.
     *
     * @throws GatewayProblem 403 when the caller's certificate has no enrollment ID that can name a wallet
     */
    static String own(FabricIdentity caller) {
        String name = caller.enrollmentId().filter(id -> NAME_FORM.matcher(id).matches()).orElseThrow(() ->
                GatewayProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN",
                        "This caller's certificate has no enrollment ID that can name a wallet."));
        return of(caller.mspId(), name);
    }
}
