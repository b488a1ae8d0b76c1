/**
 * The learned score: a logistic regression trained from assessed orders with a recorded outcome
 * ({@link dev.fulcrum.risk.model.TrainingExamples}), backtested on the latest time slice it did not see, stored in
 * {@code risk_models} and, once activated, answering {@link dev.fulcrum.risk.model.LearnedScores} with a probability of
 * fraud and each feature's exact share of the score. Training runs in the background
 * ({@code POST /api/v1/risk/models}); activation is explicit.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.risk.model;
