package org.silkroad.chaincode.customs;

/** Points from a bill (or an invoice, for export) to its latest declaration. */
record DeclarationIndex(String declarationId) {}
