package org.silkroad.chaincode.trade;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Electronic bills of lading for other contracts of this chaincode, inside their own transaction: read a bill, and
 * move it when that contract's own rules say so (an escrow takes the bill into custody when the seller deposits it and
 * hands it to the buyer on settlement, in the same transaction that pays the seller).
 *
 * <p><b>Holders.</b> A holder is a party {@code <MSP ID>/<enrollment ID>} or a <em>contract custodian</em>
 * {@code <MSP ID>/<contract>:<id>} (use {@link #custodian}; the same form as a contract's money account). No identity
 * can move a bill a custodian holds: the {@code trade} contract's own transactions refuse callers whose enrollment ID
 * contains {@code ':'}, and {@link #transfer} moves a custodian's bill only for the contract named in it.
 *
 * <p><b>Endorsement.</b> The bill's key always carries the key-level policy "one peer of the holder's state" (the MSP
 * ID part of the holder, also for a custodian, whose creator chooses that state: for an escrow, the state whose peers
 * must agree to every release). Fabric validates a change against the policy in force before it, so the state of the
 * holder that gives the bill up endorses every move, and the new holder's state controls it afterwards.
 *
 * <p><b>Events.</b> Nothing here sets a chaincode event: a transaction carries one, and it belongs to the calling
 * contract, which should mention the bill in it.
 *
 * <p>Reads are point reads of the bill's key, so a contract may call this in a submit transaction.
 */
public final class BillsOfLading {

    private final Context ctx;
    private final ChaincodeStub stub;

    private BillsOfLading(Context ctx) {
        this.ctx = ctx;
        this.stub = ctx.getStub();
    }

    /**
     * @param ctx the transaction's context
     * @return bills of lading as this transaction sees them (committed state only: Fabric has no read-your-own-writes)
     */
    public static BillsOfLading of(Context ctx) {
        return new BillsOfLading(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * The holder ID of a contract custodian.
     *
     * @param state the state whose peers must endorse every move of the bill while the custodian holds it
     * @param contract the custodian contract's name, e.g. {@code escrow}; the only contract that can move the bill on
     * @param id the contract's object, e.g. the escrow ID
     * @return {@code <state>/<contract>:<id>}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} when the parts cannot form one
     */
    public static WalletId custodian(MspId state, String contract, String id) {
        Objects.requireNonNull(state, "state");
        if (contract == null || contract.isEmpty() || contract.contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("contract name %s must be non-empty and free of ':'",
                    LedgerError.excerpt(contract));
        }
        return new WalletId(state, contract + ":" + Identifiers.require("id", id));
    }

    /**
     * @param holder a holder ID
     * @return the custodian contract's name when the holder is a contract custodian, else empty
     */
    public static Optional<String> custodianContract(WalletId holder) {
        int colon = holder.name().indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(holder.name().substring(0, colon));
    }

    /**
     * Reads a bill.
     *
     * @param billId the bill's ID
     * @return the bill (holder, status, carrier, shipper, consignee, invoice reference, version, custody), or empty
     */
    public Optional<BillRecord> find(String billId) {
        Identifiers.require("billId", billId);
        byte[] bytes = stub.getState(key(billId));
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.parseState(bytes, BillRecord.class, key(billId)));
    }

    /**
     * Reads a bill that must exist.
     *
     * @param billId the bill's ID
     * @return the bill
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    public BillRecord require(String billId) {
        return find(billId).orElseThrow(() -> LedgerError.NOT_FOUND.exception("no bill of lading %s", billId));
    }

    /**
     * Transfers an active bill on behalf of a contract: the contract has checked its own rules (who asked, what was
     * paid); this checks the bill's. Appends a {@code transfer} link naming the contract and the transaction's creator,
     * and moves the key-level endorsement policy to the new holder's state.
     *
     * @param contract the calling contract's name, e.g. {@code escrow}; must be the custodian's contract when the bill
     *     is in a custodian's hands
     * @param billId the bill
     * @param expectedHolder who the contract believes holds it
     * @param newHolder the next holder (a party or a custodian)
     * @param reason recorded in the link, e.g. {@code "escrow E-1 settled"}; may be null
     * @return the bill after the transfer (this transaction cannot read its own write back)
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code BILL_NOT_ACTIVE} (surrendered or
     *     void), {@code NOT_HOLDER} (the holder is not {@code expectedHolder}, or is another contract's custodian),
     *     {@code INVALID_ARGUMENT} (new holder = holder)
     */
    public BillRecord transfer(String contract, String billId, WalletId expectedHolder, WalletId newHolder,
            String reason) {
        Objects.requireNonNull(expectedHolder, "expectedHolder");
        Objects.requireNonNull(newHolder, "newHolder");
        if (contract == null || contract.isEmpty() || contract.contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("contract name %s must be non-empty and free of ':'",
                    LedgerError.excerpt(contract));
        }
        BillRecord bill = require(billId);
        requireActive(bill);
        if (!bill.holder().equals(expectedHolder)) {
            throw LedgerError.NOT_HOLDER.exception("bill %s is held by %s, not %s", billId, bill.holder(),
                    expectedHolder);
        }
        Optional<String> custodian = custodianContract(bill.holder());
        if (custodian.isPresent() && !custodian.get().equals(contract)) {
            throw LedgerError.NOT_HOLDER.exception("bill %s is in the custody of contract %s; %s cannot move it",
                    billId, custodian.get(), contract);
        }
        requireNewHolder(bill, newHolder);
        WalletId by = Caller.of(ctx).walletId();
        return append(bill, CustodyEntry.TRANSFER, newHolder, BillRecord.ACTIVE, by, contract, reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For the trade contract's own transactions

    /** Writes a new bill with its first link; the shipper holds it. */
    BillRecord issue(String billId, WalletId carrier, WalletId shipper, KeyElements elements, String contentHash) {
        String now = TxTime.iso(stub);
        CustodyEntry first = link(1, CustodyEntry.ISSUE, null, shipper, carrier, null, null, CustodyEntry.GENESIS);
        BillRecord bill = new BillRecord(billId, carrier, shipper, elements.consignee(), shipper, BillRecord.ACTIVE,
                elements.invoiceRef(), contentHash, elements.portOfLoading(), elements.portOfDischarge(), 1,
                List.of(first), now, now, stub.getTxId());
        write(bill);
        return bill;
    }

    /** Appends a link to the bill's custody, writes the bill and moves its endorsement policy to the holder's state. */
    BillRecord append(BillRecord bill, String action, WalletId to, String status, WalletId by, String contract,
            String reason) {
        CustodyEntry link = link(bill.version() + 1, action, bill.holder(), to, by, contract, reason,
                bill.lastLink().checksum());
        List<CustodyEntry> custody = new ArrayList<>(bill.custody());
        custody.add(link);
        BillRecord next = new BillRecord(bill.billId(), bill.carrier(), bill.shipper(), bill.consignee(), to, status,
                bill.invoiceRef(), bill.contentHash(), bill.portOfLoading(), bill.portOfDischarge(),
                bill.version() + 1, custody, bill.issuedAt(), link.timestamp(), link.txId());
        write(next);
        return next;
    }

    static void requireActive(BillRecord bill) {
        if (!bill.active()) {
            throw LedgerError.BILL_NOT_ACTIVE.exception("bill %s is %s since transaction %s", bill.billId(),
                    bill.status(), bill.updatedTx());
        }
    }

    static void requireNewHolder(BillRecord bill, WalletId newHolder) {
        if (bill.holder().equals(newHolder)) {
            throw LedgerError.INVALID_ARGUMENT.exception("bill %s is already held by %s", bill.billId(), newHolder);
        }
    }

    /**
     * Recomputes a chain's checksums.
     *
     * @param custody the links, oldest first
     * @return true when every link's checksum is right and names the one before
     */
    public static boolean chainIntact(List<CustodyEntry> custody) {
        String previous = CustodyEntry.GENESIS;
        for (CustodyEntry entry : custody) {
            if (!previous.equals(entry.previousChecksum())
                    || !Digests.sha256Hex(Json.bytes(entry.withoutChecksum())).equals(entry.checksum())) {
                return false;
            }
            previous = entry.checksum();
        }
        return true;
    }

    private CustodyEntry link(int sequence, String action, WalletId from, WalletId to, WalletId by, String contract,
            String reason, String previous) {
        CustodyEntry unsigned = new CustodyEntry(sequence, action, from, to, by, contract, reason, stub.getTxId(),
                TxTime.iso(stub), previous, null);
        String checksum = Digests.sha256Hex(Json.bytes(unsigned));
        return new CustodyEntry(sequence, action, from, to, by, contract, reason, stub.getTxId(), TxTime.iso(stub),
                previous, checksum);
    }

    private void write(BillRecord bill) {
        String key = key(bill.billId());
        stub.putState(key, Json.bytes(bill));
        StateBasedEndorsement holderState =
                StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        holderState.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, bill.holder().mspId().value());
        stub.setStateValidationParameter(key, holderState.policy());
    }

    private String key(String billId) {
        return StateKeys.composite(TradeKeys.BILL, billId);
    }

    static String text(BillRecord bill) {
        return new String(Json.bytes(bill), UTF_8);
    }
}
