/**
 * Equivariant: certified fixed points of entropy-regularized learning in games. The supported surface is the facade
 * {@code org.equivariant.api} with the value types its signatures use — models ({@code game}), exact and interval
 * numbers ({@code arith}), symmetry groups ({@code symmetry}), work limits ({@code work}) — and the property-testing
 * kit ({@code gen}); every other package is internal and not exported (docs/api.md). The command line ({@code cli}) is
 * opened to picocli only, which reads its annotations reflectively.
 */
module org.equivariant {
    requires ch.obermuhlner.math.big;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires jdk.management;
    requires static transitive org.assertj.core;

    exports org.equivariant.api;
    exports org.equivariant.arith;
    exports org.equivariant.game;
    exports org.equivariant.gen;
    exports org.equivariant.symmetry;
    exports org.equivariant.work;

    opens org.equivariant.cli to info.picocli;
}
