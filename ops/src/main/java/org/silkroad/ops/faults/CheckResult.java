package org.silkroad.ops.faults;

import java.util.Objects;

/** One invariant checked after the faults: its name, whether it held, and the figures that say so. */
record CheckResult(String name, boolean passed, String detail) {

    CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    static CheckResult of(String name, boolean passed, String detail) {
        return new CheckResult(name, passed, detail);
    }
}
