package org.silkroad.gateway.explorer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.CollectionHashedReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.HashedRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVReadHash;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWriteHash;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.silkroad.gateway.explorer.ParsedBlock.ChannelConfig;
import org.silkroad.gateway.explorer.ParsedBlock.HashHit;
import org.silkroad.gateway.explorer.ParsedBlock.KeyWrite;
import org.silkroad.gateway.explorer.ParsedBlock.ParsedTransaction;
import org.silkroad.gateway.explorer.ParsedBlock.Term;
import org.silkroad.gateway.shared.CertificateAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Fabric block into what the explorer indexes and shows.
 *
 * <p>Business identifiers are found generically, so that contracts written later are indexed without changing this
 * class: every attribute of a composite key ({@code \u0000<objectType>\u0000<attr>...\u0000}, the shim's format) is a
 * search term, and so is every string field named {@code id} or {@code ...Id} in a chaincode event's JSON payload;
 * a transaction carries each term once. Document hashes are every 64-hex string in a public value or event payload,
 * and every private value hash. The transaction's own ID (which contracts write into notes and records) is neither:
 * the index finds a transaction by its ID already, and it was a third of what a payment added to the index.
 *
 * <p>Private data content never reaches a block (only its hashes in the collection's hashed read/write set), so
 * nothing here can reveal it.
 */
final class BlockParser {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int PREVIEW_CHARS = 4000;
    private static final int ARGUMENT_CHARS = 500;
    private static final HexFormat HEX = HexFormat.of();

    /** Most identities remembered: a channel has a few hundred (callers, peers), each signing many transactions. */
    private static final int IDENTITIES_KEPT = 4096;

    private final JsonMapper json;
    /**
     * Identities already read, by their serialized bytes: a payment carries three certificates (creator, two
     * endorsers) of a few dozen the channel sees again and again, and parsing X.509 was a fifth of the explorer's
     * allocation. Only the indexer's thread parses; the lock is for any other caller.
     */
    private final Map<ByteString, Identity> identities = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Identity> eldest) {
            return size() > IDENTITIES_KEPT;
        }
    };

    BlockParser(JsonMapper json) {
        this.json = json;
    }

    /**
     * @throws IllegalArgumentException if the block cannot be read (the indexer stops rather than skip it)
     */
    ParsedBlock parse(Block block) {
        try {
            return read(block);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " is malformed: "
                    + e.getMessage(), e);
        }
    }

    /** SHA-256 of the header's ASN.1 DER encoding (number, previous hash, data hash), as Fabric hashes it. */
    static byte[] headerHash(BlockHeader header) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {
                    new ASN1Integer(new java.math.BigInteger(Long.toUnsignedString(header.getNumber()))),
                    new DEROctetString(header.getPreviousHash().toByteArray()),
                    new DEROctetString(header.getDataHash().toByteArray())}).getEncoded();
            return sha256(der);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode block header", e);
        }
    }

    private ParsedBlock read(Block block) throws InvalidProtocolBufferException {
        BlockHeader header = block.getHeader();
        List<String> signers = new ArrayList<>();
        long lastConfig = 0;
        if (block.getMetadata().getMetadataCount() > BlockMetadataIndex.SIGNATURES_VALUE) {
            Metadata signatures = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            for (MetadataSignature signature : signatures.getSignaturesList()) {
                signers.add(signer(signature));
            }
            if (!signatures.getValue().isEmpty()) {
                lastConfig = OrdererBlockMetadata.parseFrom(signatures.getValue()).getLastConfig().getIndex();
            }
        }
        byte[] filter = transactionFilter(block);
        List<ParsedTransaction> transactions = new ArrayList<>();
        ChannelConfig config = null;
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
            if (isConfig(payload)) {
                config = channelConfig(payload);
                if (header.getNumber() == 0 || lastConfig < header.getNumber()) {
                    lastConfig = header.getNumber();
                }
            }
            transactions.add(transaction(i, payload, validationCode(filter, i), config).transaction());
        }
        return new ParsedBlock(header.getNumber(), HEX.formatHex(headerHash(header)),
                HEX.formatHex(header.getPreviousHash().toByteArray()), HEX.formatHex(header.getDataHash().toByteArray()),
                List.copyOf(signers), lastConfig, List.copyOf(transactions), config);
    }

    private static String signer(MetadataSignature signature) throws InvalidProtocolBufferException {
        if (signature.getSignatureHeader().isEmpty() && !signature.getIdentifierHeader().isEmpty()) {
            return "consenter " + IdentifierHeader.parseFrom(signature.getIdentifierHeader()).getIdentifier();
        }
        SignatureHeader header = SignatureHeader.parseFrom(signature.getSignatureHeader());
        return SerializedIdentity.parseFrom(header.getCreator()).getMspid();
    }

    /** The block's transaction filter: one validation code per envelope (empty before the peer validated it). */
    private static byte[] transactionFilter(Block block) {
        return block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray()
                : new byte[0];
    }

    private static boolean isConfig(Payload payload) throws InvalidProtocolBufferException {
        return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType() == HeaderType.CONFIG_VALUE;
    }

    private static String validationCode(byte[] filter, int index) {
        return index < filter.length ? validationCode(filter[index]) : "UNKNOWN";
    }

    private static String validationCode(byte code) {
        TxValidationCode known = TxValidationCode.forNumber(Byte.toUnsignedInt(code));
        return known == null ? "CODE_" + Byte.toUnsignedInt(code) : known.name();
    }

    /**
     * The JSON shown on a transaction's page (header, creator, arguments, endorsers, read and write sets, event), read
     * again from the stored block when someone asks (that envelope only): the index does not keep it.
     *
     * @throws IllegalArgumentException if the block has no envelope at {@code index} or cannot be read
     */
    ObjectNode transactionDetail(Block block, int index) {
        if (index < 0 || index >= block.getData().getDataCount()) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " has no transaction " + index);
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(index)).getPayload());
            ChannelConfig config = isConfig(payload) ? channelConfig(payload) : null;
            return transaction(index, payload, validationCode(transactionFilter(block), index), config).detail();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " is malformed: "
                    + e.getMessage(), e);
        }
    }

    /** A transaction as the index keeps it, and as its page shows it. */
    private record Read(ParsedTransaction transaction, ObjectNode detail) {
    }

    private Read transaction(int index, Payload payload, String code, ChannelConfig config)
            throws InvalidProtocolBufferException {
        ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        HeaderType type = HeaderType.forNumber(channelHeader.getType());
        String typeName = type == null ? "TYPE_" + channelHeader.getType() : type.name();
        Instant timestamp = channelHeader.hasTimestamp()
                ? Instant.ofEpochSecond(channelHeader.getTimestamp().getSeconds(), channelHeader.getTimestamp().getNanos())
                : null;
        ObjectNode detail = json.createObjectNode();
        detail.put("txId", channelHeader.getTxId());
        detail.put("type", typeName);
        detail.put("channel", channelHeader.getChannelId());
        detail.put("timestamp", timestamp == null ? null : timestamp.toString());
        detail.put("validationCode", code);
        Identity creator = Identity.EMPTY;
        if (!payload.getHeader().getSignatureHeader().isEmpty()) {
            creator = identity(SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()).getCreator());
            detail.set("creator", creator.toJson(json));
        }
        List<KeyWrite> writes = new ArrayList<>();
        Terms terms = new Terms(channelHeader.getTxId());
        List<HashHit> hashes = new ArrayList<>();
        List<String> endorserMsps = new ArrayList<>();
        String chaincode = null;
        String function = null;
        String eventName = null;
        if (type == HeaderType.ENDORSER_TRANSACTION) {
            Transaction transaction = Transaction.parseFrom(payload.getData());
            ArrayNode actions = detail.putArray("actions");
            for (TransactionAction action : transaction.getActionsList()) {
                ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
                ObjectNode actionNode = actions.addObject();
                List<String> arguments = arguments(actionPayload);
                if (!arguments.isEmpty() && function == null) {
                    function = arguments.get(0);
                }
                ArrayNode args = actionNode.putArray("arguments");
                arguments.forEach(args::add);
                ArrayNode endorsements = actionNode.putArray("endorsements");
                for (Endorsement endorsement : actionPayload.getAction().getEndorsementsList()) {
                    Identity endorser = identity(endorsement.getEndorser());
                    endorsements.add(endorser.toJson(json));
                    if (!endorserMsps.contains(endorser.msp())) {
                        endorserMsps.add(endorser.msp());
                    }
                }
                ProposalResponsePayload response =
                        ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
                ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
                chaincode = chaincodeAction.getChaincodeId().getName();
                actionNode.put("chaincode", chaincode);
                actionNode.put("chaincodeVersion", chaincodeAction.getChaincodeId().getVersion());
                actionNode.put("responseStatus", chaincodeAction.getResponse().getStatus());
                readWriteSets(TxReadWriteSet.parseFrom(chaincodeAction.getResults()), actionNode.putArray("namespaces"),
                        writes, terms, hashes);
                if (!chaincodeAction.getEvents().isEmpty()) {
                    ChaincodeEvent event = ChaincodeEvent.parseFrom(chaincodeAction.getEvents());
                    ObjectNode eventNode = actionNode.putObject("event");
                    eventNode.put("chaincode", event.getChaincodeId());
                    eventNode.put("name", event.getEventName());
                    eventNode.put("payload", text(event.getPayload().toByteArray()));
                    if (eventName == null) {
                        eventName = event.getEventName();
                    }
                    eventTerms(event, terms, hashes);
                }
            }
        } else if (type == HeaderType.CONFIG && config != null) {
            ArrayNode states = detail.putArray("states");
            config.states().forEach(s -> states.addObject().put("mspId", s.mspId())
                    .put("rootCertificates", s.rootCertsPem().size()));
            ArrayNode consenters = detail.putArray("consenters");
            config.consenters().forEach(c -> consenters.addObject().put("id", c.id()).put("mspId", c.mspId())
                    .put("endpoint", c.host() + ":" + c.port()));
        }
        return new Read(new ParsedTransaction(index, channelHeader.getTxId(), typeName, timestamp, creator.msp(),
                creator.name(), code, chaincode, function, List.copyOf(endorserMsps), eventName, List.copyOf(writes),
                terms.list(), terms.withoutOwnId(hashes)), detail);
    }

    private static List<String> arguments(ChaincodeActionPayload actionPayload) throws InvalidProtocolBufferException {
        ChaincodeProposalPayload proposal = ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload());
        ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(proposal.getInput());
        List<String> arguments = new ArrayList<>();
        for (ByteString argument : invocation.getChaincodeSpec().getInput().getArgsList()) {
            arguments.add(trim(text(argument.toByteArray()), ARGUMENT_CHARS));
        }
        return arguments;
    }

    private void readWriteSets(TxReadWriteSet results, ArrayNode namespaces, List<KeyWrite> writes, Terms terms,
                               List<HashHit> hashes) throws InvalidProtocolBufferException {
        for (NsReadWriteSet ns : results.getNsRwsetList()) {
            ObjectNode nsNode = namespaces.addObject();
            nsNode.put("namespace", ns.getNamespace());
            KVRWSet kv = KVRWSet.parseFrom(ns.getRwset());
            ArrayNode reads = nsNode.putArray("reads");
            for (KVRead read : kv.getReadsList()) {
                ObjectNode r = reads.addObject().put("key", readableKey(read.getKey()));
                if (read.hasVersion()) {
                    r.put("version", read.getVersion().getBlockNum() + ":" + read.getVersion().getTxNum());
                }
            }
            nsNode.put("rangeQueries", kv.getRangeQueriesInfoCount());
            ArrayNode writeNodes = nsNode.putArray("writes");
            for (KVWrite write : kv.getWritesList()) {
                String key = readableKey(write.getKey());
                String objectType = objectType(write.getKey());
                byte[] value = write.getValue().toByteArray();
                String valueText = write.getIsDelete() ? null : trim(text(value), PREVIEW_CHARS);
                String valueHash = write.getIsDelete() ? null : HEX.formatHex(sha256(value));
                writeNodes.addObject().put("key", key).put("objectType", objectType).put("delete", write.getIsDelete())
                        .put("valueSha256", valueHash).put("value", valueText);
                writes.add(new KeyWrite(ns.getNamespace(), "", key, objectType, write.getIsDelete(), valueHash, valueText));
                for (String attribute : compositeAttributes(write.getKey())) {
                    terms.add(attribute, false);
                }
                if (!write.getIsDelete()) {
                    findHashes(value, key, hashes);
                }
            }
            ArrayNode collections = nsNode.putArray("privateCollections");
            for (CollectionHashedReadWriteSet collection : ns.getCollectionHashedRwsetList()) {
                HashedRWSet hashed = HashedRWSet.parseFrom(collection.getHashedRwset());
                ObjectNode c = collections.addObject().put("collection", collection.getCollectionName());
                ArrayNode hashedReads = c.putArray("reads");
                for (KVReadHash read : hashed.getHashedReadsList()) {
                    hashedReads.addObject().put("keyHash", HEX.formatHex(read.getKeyHash().toByteArray()));
                }
                ArrayNode hashedWrites = c.putArray("writes");
                for (KVWriteHash write : hashed.getHashedWritesList()) {
                    String keyHash = HEX.formatHex(write.getKeyHash().toByteArray());
                    String valueHash = write.getIsDelete() ? null : HEX.formatHex(write.getValueHash().toByteArray());
                    hashedWrites.addObject().put("keyHash", keyHash).put("delete", write.getIsDelete())
                            .put("valueHash", valueHash);
                    String key = collection.getCollectionName() + "#" + keyHash;
                    writes.add(new KeyWrite(ns.getNamespace(), collection.getCollectionName(), key, "", write.getIsDelete(),
                            valueHash, null));
                    if (valueHash != null) {
                        hashes.add(new HashHit(valueHash, key, "private value hash"));
                    }
                }
            }
        }
    }

    private void eventTerms(ChaincodeEvent event, Terms terms, List<HashHit> hashes) {
        String source = "event " + event.getEventName();
        try {
            JsonNode payload = json.readTree(event.getPayload().toByteArray());
            walk(payload, "", (field, value) -> {
                if (field.equals("id") || field.endsWith("Id") || field.endsWith("ID")) {
                    terms.add(value, true);
                }
                if (SHA256_HEX.matcher(value).matches()) {
                    hashes.add(new HashHit(value.toLowerCase(java.util.Locale.ROOT), source, field));
                }
            });
        } catch (JacksonException e) {
            // Not JSON: nothing generic to extract; the payload is still shown as text.
        }
    }

    private void findHashes(byte[] value, String key, List<HashHit> hashes) {
        try {
            JsonNode node = json.readTree(value);
            walk(node, "", (field, text) -> {
                if (SHA256_HEX.matcher(text).matches()) {
                    hashes.add(new HashHit(text.toLowerCase(java.util.Locale.ROOT), key, field));
                }
            });
        } catch (JacksonException e) {
            String text = text(value).strip();
            if (SHA256_HEX.matcher(text).matches()) {
                hashes.add(new HashHit(text.toLowerCase(java.util.Locale.ROOT), key, "value"));
            }
        }
    }

    /** The distinct terms of one transaction, in the order found, each marked if its event names it. */
    private static final class Terms {
        private final String ownTxId;
        private final Map<String, Boolean> inEvent = new LinkedHashMap<>();

        Terms(String ownTxId) {
            this.ownTxId = ownTxId;
        }

        void add(String term, boolean fromEvent) {
            if (!term.equals(ownTxId)) {
                inEvent.merge(term, fromEvent, Boolean::logicalOr);
            }
        }

        List<Term> list() {
            return inEvent.entrySet().stream().map(e -> new Term(e.getKey(), e.getValue())).toList();
        }

        /** The hashes found, less those that are this transaction's own ID. */
        List<HashHit> withoutOwnId(List<HashHit> hashes) {
            return hashes.stream().filter(h -> !h.sha256().equalsIgnoreCase(ownTxId)).toList();
        }
    }

    private interface FieldVisitor {
        void visit(String fieldName, String value);
    }

    /** Visits every string value with the name of its field (its path for nested fields, e.g. {@code documents[0].sha256}). */
    private static void walk(JsonNode node, String path, FieldVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
            int bracket = field.indexOf('[');
            visitor.visit(bracket >= 0 ? field.substring(0, bracket) : field, node.asString());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                walk(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    /** A composite key as {@code objectType/attr1/attr2}; a simple key unchanged (control characters escaped). */
    static String readableKey(String key) {
        if (key.startsWith("\u0000")) {
            String[] parts = key.substring(1).split("\u0000", -1);
            StringBuilder readable = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i == parts.length - 1 && parts[i].isEmpty()) {
                    break;
                }
                if (readable.length() > 0) {
                    readable.append('/');
                }
                readable.append(parts[i]);
            }
            return escape(readable.toString());
        }
        return escape(key);
    }

    static String objectType(String key) {
        if (!key.startsWith("\u0000")) {
            return "";
        }
        int end = key.indexOf('\u0000', 1);
        return escape(end < 0 ? key.substring(1) : key.substring(1, end));
    }

    static List<String> compositeAttributes(String key) {
        if (!key.startsWith("\u0000")) {
            return List.of();
        }
        String[] parts = key.substring(1).split("\u0000", -1);
        List<String> attributes = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                attributes.add(escape(parts[i]));
            }
        }
        return attributes;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private ChannelConfig channelConfig(Payload payload) throws InvalidProtocolBufferException {
        ConfigGroup channel = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
        Map<String, ChannelConfig.State> states = new LinkedHashMap<>();
        for (String section : List.of("Application", "Orderer")) {
            ConfigGroup group = channel.getGroupsMap().get(section);
            if (group == null) {
                continue;
            }
            for (ConfigGroup org : group.getGroupsMap().values()) {
                ConfigValue msp = org.getValuesMap().get("MSP");
                if (msp == null) {
                    continue;
                }
                FabricMSPConfig fabricMsp = FabricMSPConfig.parseFrom(MSPConfig.parseFrom(msp.getValue()).getConfig());
                List<String> roots = fabricMsp.getRootCertsList().stream().map(ByteString::toStringUtf8).toList();
                states.putIfAbsent(fabricMsp.getName(), new ChannelConfig.State(fabricMsp.getName(), roots));
            }
        }
        List<ChannelConfig.Consenter> consenters = new ArrayList<>();
        ConfigGroup orderer = channel.getGroupsMap().get("Orderer");
        if (orderer != null && orderer.getValuesMap().containsKey("Orderers")) {
            Orderers orderers = Orderers.parseFrom(orderer.getValuesMap().get("Orderers").getValue());
            orderers.getConsenterMappingList().forEach(c ->
                    consenters.add(new ChannelConfig.Consenter(c.getId(), c.getMspId(), c.getHost(), c.getPort())));
        }
        List<ChannelConfig.State> sorted = new ArrayList<>(states.values());
        sorted.sort(java.util.Comparator.comparing(ChannelConfig.State::mspId));
        return new ChannelConfig(List.copyOf(sorted), List.copyOf(consenters));
    }

    /** A creator or endorser: MSP ID, a name from its certificate, its silkroad.role if its CA stamped one. */
    private record Identity(String msp, String name, String role, String subject) {
        static final Identity EMPTY = new Identity(null, null, null, null);

        ObjectNode toJson(JsonMapper json) {
            return json.createObjectNode().put("mspId", msp).put("name", name).put("role", role).put("subject", subject);
        }
    }

    private Identity identity(ByteString serialized) throws InvalidProtocolBufferException {
        synchronized (identities) {
            Identity known = identities.get(serialized);
            if (known == null) {
                known = readIdentity(serialized);
                identities.put(serialized, known);
            }
            return known;
        }
    }

    private static Identity readIdentity(ByteString serialized) throws InvalidProtocolBufferException {
        SerializedIdentity identity = SerializedIdentity.parseFrom(serialized);
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(identity.getIdBytes().toByteArray()));
            String subject = certificate.getSubjectX500Principal().getName();
            String commonName = commonName(subject).orElse(subject);
            String role = null;
            try {
                role = CertificateAttributes.of(certificate).role().orElse(null);
            } catch (IllegalArgumentException e) {
                // A malformed attribute extension: show the identity without a role.
            }
            return new Identity(identity.getMspid(), identity.getMspid() + "/" + commonName, role, subject);
        } catch (CertificateException e) {
            return new Identity(identity.getMspid(), identity.getMspid() + "/(unreadable certificate)", null, null);
        }
    }

    private static Optional<String> commonName(String subject) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Bytes as UTF-8 text when they are valid UTF-8, otherwise base64 with a marker. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static String trim(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
