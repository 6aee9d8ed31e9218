package org.silkroad.gateway.escrow;

import java.util.List;
import java.util.Optional;

import org.silkroad.gateway.currency.ContractDeposits;
import org.silkroad.gateway.currency.ContractFunding;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Escrows: the buyer's notes are chosen by the gateway (as for a payment) and spent into the escrow in
 * {@code escrow:create}; the other steps are one chaincode transaction each. The escrow ID makes a retry safe.
 */
@Service
class EscrowService {

    private final EscrowLedger ledger;
    private final ContractFunding funding;
    private final ContractDeposits deposits;

    EscrowService(EscrowLedger ledger, ContractFunding funding, ContractDeposits deposits) {
        this.ledger = ledger;
        this.funding = funding;
        this.deposits = deposits;
    }

    EscrowView create(FabricIdentity caller, EscrowRequests.Create request) {
        long price = funding.minorUnits(caller, "price.amount", request.price().amount(), request.price().currency());
        String payCurrency = request.price().currency();
        long pay = price;
        String quoteId = null;
        Long baseAmount = null;
        if (request.funding() != null) {
            payCurrency = request.funding().pay().currency();
            pay = funding.minorUnits(caller, "funding.pay.amount", request.funding().pay().amount(), payCurrency);
            quoteId = request.funding().quoteId();
            baseAmount = pay;
        }
        EscrowRequests.Conditions c = request.conditions();
        EscrowLedger.Conditions conditions = new EscrowLedger.Conditions(c.billOfLading(), c.importCleared(),
                c.deliveryConfirmedBy());
        EscrowLedger.Price ledgerPrice = new EscrowLedger.Price(request.price().currency(), price);
        String buyer = funding.ownWallet(caller);
        String quote = quoteId;
        Long base = baseAmount;
        EscrowLedger.Escrow escrow = deposits.deposit(caller, payCurrency, pay, "escrow:" + request.escrowId(),
                () -> existing(caller, request.escrowId(), buyer, request),
                inputs -> ledger.prepareCreate(caller, new EscrowLedger.Create(request.escrowId(), request.seller(),
                        request.invoiceRef(), request.billId(), conditions, request.expiresAt(), ledgerPrice, inputs,
                        quote, base)),
                committed -> ledger.read(committed, "create"));
        return view(caller, escrow);
    }

    EscrowView get(FabricIdentity caller, String escrowId) {
        return view(caller, ledger.get(caller, escrowId));
    }

    EscrowView step(FabricIdentity caller, String transaction, String escrowId) {
        return view(caller, ledger.step(caller, transaction, escrowId));
    }

    /** An escrow this buyer already created under the ID (a retry), or a conflict when it is another one. */
    private Optional<EscrowLedger.Escrow> existing(FabricIdentity caller, String escrowId, String buyer,
                                                   EscrowRequests.Create request) {
        Optional<EscrowLedger.Escrow> found;
        try {
            found = ledger.find(caller, escrowId);
        } catch (org.silkroad.gateway.shared.LedgerException e) {
            if (e.code().filter("FORBIDDEN"::equals).isPresent()) {
                throw taken(escrowId);
            }
            throw e;
        }
        return found.map(escrow -> {
            if (!escrow.buyer().equals(buyer) || !escrow.seller().equals(request.seller())
                    || !escrow.billId().equals(request.billId())) {
                throw taken(escrowId);
            }
            return escrow;
        });
    }

    private static GatewayProblem taken(String escrowId) {
        return GatewayProblem.of(HttpStatus.CONFLICT, "CONFLICT",
                "Escrow ID %s is already used for another escrow.".formatted(escrowId));
    }

    EscrowView view(FabricIdentity caller, EscrowLedger.Escrow e) {
        String currency = e.price().currency();
        List<EscrowView.Payout> payouts = e.payouts() == null ? null : e.payouts().stream()
                .map(p -> new EscrowView.Payout(p.wallet(), p.currency(),
                        funding.decimal(caller, p.currency(), p.amount()), p.noteId()))
                .toList();
        EscrowView.Held held = e.held() == null ? null : new EscrowView.Held(e.held().account(), e.held().currency(),
                funding.decimal(caller, e.held().currency(), e.held().amount()), e.held().note());
        return new EscrowView(e.escrowId(), e.buyer(), e.seller(), e.invoiceRef(), e.billId(), e.conditions(),
                e.expiresAt(), new EscrowRequests.Amount(currency, funding.decimal(caller, currency,
                e.price().amount())), e.quoteId(), e.baseAmount(), held, e.custodian(), e.status(), e.billDeposited(),
                e.deliveryConfirmedAt(), e.disputeId(), payouts, e.billTo(), e.closedBy(), e.closedAt(), e.closedTx(),
                e.createdAt(), e.createdTx());
    }
}
