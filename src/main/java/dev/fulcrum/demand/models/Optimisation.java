package dev.fulcrum.demand.models;

import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Bounded minimisation of a model's in-sample error over its smoothing parameters, with Apache Commons Math: BOBYQA
 * for two or more parameters, Brent for one. Every call is capped at a number of evaluations so a series' work stays
 * bounded; when the cap is hit (or BOBYQA gives up on a flat objective) the best point seen so far is kept rather
 * than failing the fit.
 */
final class Optimisation {

    /** Evaluations per fit: each costs one pass over the history (at most 156 weeks). */
    static final int MAX_EVALUATIONS = 200;

    private Optimisation() {}

    static double[] minimise(ToDoubleFunction<double[]> objective, double[] start, double[] lower, double[] upper) {
        BestSeen best = new BestSeen(start.clone(), objective.applyAsDouble(start));
        ToDoubleFunction<double[]> tracked = point -> {
            double value = objective.applyAsDouble(point);
            if (value < best.value) {
                best.value = value;
                best.point = point.clone();
            }
            return value;
        };
        // The trust region must fit twice into the narrowest bound; parameters live in [0, 1].
        double narrowest = Double.MAX_VALUE;
        for (int i = 0; i < lower.length; i++) {
            narrowest = Math.min(narrowest, upper[i] - lower[i]);
        }
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * start.length + 1, Math.min(0.1, narrowest / 2.5), 1e-5);
        try {
            optimizer.optimize(
                    new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(tracked::applyAsDouble),
                    GoalType.MINIMIZE,
                    new InitialGuess(start),
                    new SimpleBounds(lower, upper));
        } catch (MathIllegalStateException stopped) {
            // The evaluation cap (bounded work by design) or BOBYQA's "trust region step has failed to reduce Q" on a
            // flat or noisy objective: either way the best point seen is a fit.
        }
        return best.point;
    }

    static double minimise(DoubleUnaryOperator objective, double lower, double upper) {
        BestSeen best = new BestSeen(new double[] {lower}, objective.applyAsDouble(lower));
        DoubleUnaryOperator tracked = x -> {
            double value = objective.applyAsDouble(x);
            if (value < best.value) {
                best.value = value;
                best.point = new double[] {x};
            }
            return value;
        };
        try {
            new BrentOptimizer(1e-6, 1e-6)
                    .optimize(
                            new MaxEval(MAX_EVALUATIONS),
                            new UnivariateObjectiveFunction(tracked::applyAsDouble),
                            GoalType.MINIMIZE,
                            new SearchInterval(lower, upper));
        } catch (MathIllegalStateException capped) {
            // The evaluation cap: bounded work by design, keep the best point seen.
        }
        return best.point[0];
    }

    private static final class BestSeen {
        double[] point;
        double value;

        BestSeen(double[] point, double value) {
            this.point = point;
            this.value = value;
        }
    }
}
