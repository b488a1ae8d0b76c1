package dev.fulcrum.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JSON shape whose {@link Money} amounts are written as plain decimal strings ({@code "12.345"}) with their
 * currency in one field of the object ({@code "currency": "KWD"}), as the public API has always written orders.
 * Reading such an object back gives every amount inside it, nested ones included, the currency of that field.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface AmountsIn {

    /** The name of the JSON field holding the ISO 4217 code of every amount inside the object. */
    String value();
}
