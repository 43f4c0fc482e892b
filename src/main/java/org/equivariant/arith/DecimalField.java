package org.equivariant.arith;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * High-precision midpoint arithmetic (round-half-even at a fixed precision; exp and log from big-math). Used for
 * Newton refinement only: its values carry no error bound and are certified separately.
 */
public record DecimalField(MathContext mc) implements ExpField<BigDecimal> {
    public static DecimalField ofDigits(int digits) {
        return new DecimalField(new MathContext(digits));
    }

    @Override
    public BigDecimal zero() {
        return BigDecimal.ZERO;
    }

    @Override
    public BigDecimal one() {
        return BigDecimal.ONE;
    }

    /**
     * r rounded to the precision: a rational with an exact decimal expansion (denominator 2^a·5^b, as a payoff table's
     * usually are) is expanded and rounded — the same value as the quotient rounded, without a long division.
     */
    @Override
    public BigDecimal of(Rational r) {
        BigDecimal exact = r.denominator().bitLength() <= 64 ? r.toExactDecimalOrNull() : null;
        return exact != null ? exact.round(mc) : r.toBigDecimal(mc);
    }

    @Override
    public BigDecimal add(BigDecimal a, BigDecimal b) {
        return normal(a.add(b, mc));
    }

    @Override
    public BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return normal(a.subtract(b, mc));
    }

    @Override
    public BigDecimal multiply(BigDecimal a, BigDecimal b) {
        return normal(a.multiply(b, mc));
    }

    /** Zero with scale 0: BigDecimal keeps a zero's scale, which products would otherwise grow until it overflows. */
    private static BigDecimal normal(BigDecimal x) {
        return x.signum() == 0 ? BigDecimal.ZERO : x;
    }

    @Override
    public BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, mc);
    }

    @Override
    public BigDecimal negate(BigDecimal a) {
        return a.negate();
    }

    @Override
    public double estimate(BigDecimal a) {
        return a.doubleValue();
    }

    /**
     * e^a; 0 for a below −2³⁰ (e^a &lt; 10^−466 000 000, far below any precision this field carries, and below
     * BigDecimal's range from about −4.9·10⁹: a probability of a logit response at λ·|U| beyond 10⁹); an exponent above
     * 2³⁰ is refused (ArithmeticException).
     */
    @Override
    public BigDecimal exp(BigDecimal a) {
        if (a.compareTo(MIN_EXPONENT) < 0) {
            return BigDecimal.ZERO;
        }
        if (a.compareTo(MAX_EXPONENT) > 0) {
            throw new ArithmeticException("e^" + a.round(new MathContext(6)) + " is beyond the decimals' range");
        }
        return BigDecimalMath.exp(a, mc);
    }

    private static final BigDecimal MAX_EXPONENT = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal MIN_EXPONENT = MAX_EXPONENT.negate();

    @Override
    public BigDecimal log(BigDecimal a) {
        return BigDecimalMath.log(a, mc);
    }
}
