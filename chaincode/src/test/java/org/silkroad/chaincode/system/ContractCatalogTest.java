package org.silkroad.chaincode.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.junit.jupiter.api.Test;

/** {@code system:version} lists the contracts; this keeps the list equal to the contracts the build holds. */
class ContractCatalogTest {

    @Test
    void version_lists_exactly_the_contracts_of_this_chaincode() throws Exception {
        Path classes = Path.of(SystemContract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found;
        try (Stream<Path> files = Files.walk(classes)) {
            found = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(ContractCatalogTest::load)
                    .filter(c -> c.isAnnotationPresent(Contract.class))
                    .map(c -> c.getAnnotation(Contract.class).name())
                    .sorted()
                    .toList();
        }

        assertThat(found).isNotEmpty().containsExactlyInAnyOrderElementsOf(SystemContract.CONTRACTS);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ContractCatalogTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
