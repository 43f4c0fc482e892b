/**
 * The library's supported surface: {@link org.equivariant.api.Equivariant} (load games and models, certified QREs,
 * certificate checks, symmetry groups, Markov QREs) and {@link org.equivariant.api.EquivariantAssertions} (AssertJ
 * assertions for downstream tests). Results are small immutable values with exact or rigorously enclosed numbers.
 * Every other package is internal and may change between versions (CHANGELOG.md).
 *
 * <pre>{@code
 * NormalFormGame g = Equivariant.game("bundled:coord2");
 * Equivariant.Qre q = Equivariant.qre(g, "2", 30);          // the principal-branch QRE, certified
 * assertThat(mySolverProfile).isQreOf(g).atLambda("2").within("1e-8");
 * }</pre>
 */
package org.equivariant.api;
