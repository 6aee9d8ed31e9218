package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsCheckTest {

    @TempDir
    Path run;

    @Test
    void a_run_folder_without_markers_has_nothing_under_way() throws IOException {
        Files.createDirectories(run.resolve("channel/updates"));
        Files.createDirectories(run.resolve("chaincode"));
        Files.writeString(run.resolve("channel/updates/notes.txt"), "not an update");

        assertThat(new OperationsCheck(run).check()).isEmpty();
    }

    @Test
    void names_each_unfinished_change_with_the_command_that_finishes_it() throws IOException {
        Files.writeString(run.resolve(".leaving"), "BE\n");
        Files.writeString(run.resolve(".adding-orderer"), "KZ:1\n");
        Files.writeString(run.resolve(".upgrading"), "1\n");
        Files.createDirectories(run.resolve("chaincode/pending"));
        Files.writeString(run.resolve("chaincode/pending/definition.env"), """
                DEF_PACKAGE_ID=silkroad_0.1.0-c1_s1:ab12
                DEF_SEQUENCE=4
                DEF_VERSION=0.1.0-SNAPSHOT-c37102e84
                DEF_POLICY=OutOf\\(2\\,\\'CNMSP.peer\\'\\)
                """);
        Files.createDirectories(run.resolve("channel/updates"));
        Files.write(run.resolve("channel/updates/leave-BE.pb"), new byte[] {1, 2});

        List<Report.Operation> operations = new OperationsCheck(run).check();

        assertThat(operations).extracting(Report.Operation::kind)
                .containsExactly("add-orderer", "leave", "upgrade", "approval", "signatures");
        assertThat(operations.get(0).finishWith()).isEqualTo("silkroad.sh add-orderer KZ");
        assertThat(operations.get(1).subject()).isEqualTo("BE leaving");
        assertThat(operations.get(1).finishWith()).isEqualTo("silkroad.sh leave BE");
        assertThat(operations.get(2).finishWith()).contains("silkroad.sh upgrade", "upgrade --abort");
        assertThat(operations.get(3).subject()).isEqualTo(
                "chaincode definition 0.1.0-SNAPSHOT-c37102e84, sequence 4, waiting for the states' approvals");
        assertThat(operations.get(3).file()).isEqualTo("chaincode/pending/definition.env");
        assertThat(operations.get(4).finishWith()).startsWith("silkroad.sh sign-update channel/updates/leave-BE.pb");
    }

    @Test
    void every_operation_under_way_fails_the_verdict() throws IOException {
        Files.writeString(run.resolve(".joining"), "KZ\n");
        List<Report.Operation> operations = new OperationsCheck(run).check();

        Verdict verdict = Verdict.of(new Report.Processes(List.of(new Report.ProcessEntry("peer-CN", 1L, true, 10, 0,
                null)), 10), List.of(), VerdictTest.agreeing(), VerdictTest.noCertificates(), operations);

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.failures()).containsExactly(
                "unfinished join: KZ joining (.joining); finish it: silkroad.sh join KZ");
    }
}
