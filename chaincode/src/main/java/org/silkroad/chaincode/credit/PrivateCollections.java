package org.silkroad.chaincode.credit;

import org.silkroad.chaincode.shared.MspId;

/**
 * The private data collections the network defines ({@code network/collections/README.md}): Fabric's implicit
 * collection of one state, and one collection per pair of states.
 */
final class PrivateCollections {

    private PrivateCollections() {}

    /**
     * The collection whose members are exactly the peers of the two states.
     *
     * @param a a member state
     * @param b another, or the same
     * @return {@code _implicit_org_<MSP>} when both are the same state, else {@code <A>_<B>} with the two ISO codes in
     *     alphabetical order ({@code CN_MY})
     */
    static String between(MspId a, MspId b) {
        if (a.equals(b)) {
            return "_implicit_org_" + a.value();
        }
        String x = a.countryCode();
        String y = b.countryCode();
        return x.compareTo(y) < 0 ? x + "_" + y : y + "_" + x;
    }
}
