package dev.fulcrum.shared;

import java.math.BigDecimal;
import java.util.Currency;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * {@link Money} on the wire: the amount alone, as a plain decimal string with the currency's own scale ({@code "1500"}
 * for JPY, {@code "12.345"} for KWD), and the currency in a field of the enclosing object marked {@link AmountsIn}.
 * Writing needs no lookup; reading (the event publication registry resubmitting an event after a restart) scopes the
 * enclosing object's currency for the amounts inside it.
 */
final class MoneyJson {

    /** The attribute of a deserialization call that holds the currency of the amounts being read. */
    private static final Object CURRENCY = MoneyJson.class;

    private MoneyJson() {}

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("fulcrum-money");
        module.addSerializer(Money.class, new AmountWriter());
        module.addDeserializer(Money.class, new AmountReader());
        module.setDeserializerModifier(new CurrencyScopes());
        return module;
    }

    private static final class AmountWriter extends ValueSerializer<Money> {
        @Override
        public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.toPlainString());
        }
    }

    private static final class AmountReader extends StdDeserializer<Money> {

        AmountReader() {
            super(Money.class);
        }

        @Override
        public @Nullable Money deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!(ctxt.getAttribute(CURRENCY) instanceof Currency currency)) {
                return ctxt.reportInputMismatch(
                        Money.class, "an amount outside an object that names its currency (see AmountsIn)");
            }
            BigDecimal amount;
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    amount = new BigDecimal(p.getString().strip());
                } catch (NumberFormatException notDecimal) {
                    return (Money) ctxt.handleWeirdStringValue(Money.class, p.getString(), "not a decimal amount");
                }
            } else if (p.currentToken().isNumeric()) {
                amount = p.getDecimalValue();
            } else {
                return (Money) ctxt.handleUnexpectedToken(Money.class, p);
            }
            try {
                return new Money(amount, currency);
            } catch (ArithmeticException tooPrecise) {
                return (Money) ctxt.handleWeirdStringValue(
                        Money.class, amount.toPlainString(), Money.tooManyDecimals(currency));
            }
        }
    }

    /** Wraps the reader of every type marked {@link AmountsIn} so its amounts read in its currency. */
    private static final class CurrencyScopes extends ValueDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public ValueDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription.Supplier description, ValueDeserializer<?> reader) {
            AmountsIn marker = description.getBeanClass().getAnnotation(AmountsIn.class);
            return marker == null ? reader : new CurrencyScope(reader, marker.value());
        }
    }

    private static final class CurrencyScope extends DelegatingDeserializer {

        private final String currencyField;

        CurrencyScope(ValueDeserializer<?> reader, String currencyField) {
            super(reader);
            this.currencyField = currencyField;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> reader) {
            return new CurrencyScope(reader, currencyField);
        }

        @Override
        public @Nullable Object deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = ctxt.readTree(p);
            JsonNode code = tree.get(currencyField);
            Object outer = ctxt.getAttribute(CURRENCY);
            if (code != null && code.isString()) {
                try {
                    ctxt.setAttribute(CURRENCY, Currency.getInstance(code.stringValue()));
                } catch (IllegalArgumentException unknown) {
                    return ctxt.handleWeirdStringValue(
                            Currency.class, code.stringValue(), "not an ISO 4217 currency code");
                }
            }
            try (JsonParser scoped = tree.traverse(ctxt)) {
                scoped.nextToken();
                return _delegatee.deserialize(scoped, ctxt);
            } finally {
                ctxt.setAttribute(CURRENCY, outer);
            }
        }
    }
}
