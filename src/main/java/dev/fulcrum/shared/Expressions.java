package dev.fulcrum.shared;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one expression language for conditions users write (flow guards, rules, sourcing conditions, webhook
 * filters): CEL, compiled once per (expression, variables) and cached. Variables are dynamically typed maps and
 * lists, so the same order document serves every condition.
 */
public final class Expressions {

    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, Condition> CACHE = new ConcurrentHashMap<>();

    private Expressions() {}

    /**
     * Compiles a boolean condition over the given variable names.
     *
     * @throws InvalidExpression when the expression does not parse or type-check
     */
    public static Condition condition(String expression, List<String> variables) {
        String key = String.join(",", variables) + "\u0000" + expression;
        Condition cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Condition compiled = compile(expression, variables);
        if (CACHE.size() < 10_000) {
            CACHE.put(key, compiled);
        }
        return compiled;
    }

    private static Condition compile(String expression, List<String> variables) {
        CelCompilerBuilder builder =
                CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        variables.forEach(name -> builder.addVar(name, SimpleType.DYN));
        CelCompiler compiler = builder.build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return new Condition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException invalid) {
            throw new InvalidExpression(expression, String.valueOf(invalid.getMessage()));
        }
    }

    /**
     * Evaluates an expression of any result type (a flow effect's attribute value) over the given variables; compiled
     * once and cached like conditions.
     *
     * @throws InvalidExpression when the expression does not parse, type-check or evaluate
     */
    public static Object value(String expression, Map<String, ?> variables) {
        CelRuntime.Program program = condition(expression, List.copyOf(variables.keySet())).program;
        try {
            return program.eval(variables);
        } catch (CelEvaluationException failed) {
            throw new InvalidExpression(expression, String.valueOf(failed.getMessage()));
        }
    }

    /** A compiled condition; thread-safe. */
    public static final class Condition {

        private final String expression;
        private final CelRuntime.Program program;

        private Condition(String expression, CelRuntime.Program program) {
            this.expression = expression;
            this.program = program;
        }

        /** Evaluates to true or false; an evaluation error or a non-boolean result counts as false and is reported. */
        public boolean test(Map<String, ?> variables) {
            try {
                Object result = program.eval(variables);
                if (result instanceof Boolean value) {
                    return value;
                }
                throw new InvalidExpression(expression, "evaluates to " + result + ", not to true or false");
            } catch (CelEvaluationException failed) {
                throw new InvalidExpression(expression, String.valueOf(failed.getMessage()));
            }
        }

        public String expression() {
            return expression;
        }
    }

    /** An expression that does not compile, or fails when evaluated. */
    @SuppressWarnings("serial") // never Java-serialized
    public static final class InvalidExpression extends RuntimeException {

        public InvalidExpression(String expression, String reason) {
            super("CEL expression '" + expression + "': " + reason);
        }

        /** Names the expression and the reason; never null. */
        @Override
        public String getMessage() {
            return java.util.Objects.requireNonNull(super.getMessage());
        }
    }
}
