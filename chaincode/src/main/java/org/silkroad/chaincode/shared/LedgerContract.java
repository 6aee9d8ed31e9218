package org.silkroad.chaincode.shared;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * What every silkroad contract is: a shim contract whose transactions run on a {@link BatchingStub}, so that their
 * writes reach the peer in one message when the function returns. The shim calls {@link #createContext} before the
 * function and {@link #afterTransaction} after it returned normally; a function that throws leaves its writes unsent,
 * which changes nothing (the peer discards a failed simulation).
 */
public interface LedgerContract extends ContractInterface {

    @Override
    default Context createContext(ChaincodeStub stub) {
        return new Context(BatchingStub.wrap(stub));
    }

    @Override
    default void afterTransaction(Context ctx, Object result) {
        BatchingStub.flush(ctx.getStub());
    }
}
