package org.equivariant.arith;

import java.util.List;

/** Fast path in IEEE double precision. Results computed here are heuristics and are never reported as certified. */
public enum DoubleField implements ExpField<Double> {
    INSTANCE;

    @Override
    public Double zero() {
        return 0.0;
    }

    @Override
    public Double one() {
        return 1.0;
    }

    @Override
    public Double of(Rational r) {
        return r.doubleValue();
    }

    @Override
    public Double add(Double a, Double b) {
        return a + b;
    }

    @Override
    public Double subtract(Double a, Double b) {
        return a - b;
    }

    @Override
    public Double multiply(Double a, Double b) {
        return a * b;
    }

    @Override
    public Double divide(Double a, Double b) {
        return a / b;
    }

    @Override
    public Double negate(Double a) {
        return -a;
    }

    @Override
    public double estimate(Double a) {
        return a;
    }

    @Override
    public Double exp(Double a) {
        return Math.exp(a);
    }

    @Override
    public Double log(Double a) {
        return Math.log(a);
    }

    /** −Σ p log p with 0 log 0 = 0 (its limit): a probability below the double range contributes nothing. */
    @Override
    public Double entropy(List<Double> p) {
        double h = 0;
        for (double x : p) {
            if (x != 0) {
                h -= x * Math.log(x);
            }
        }
        return h;
    }
}
