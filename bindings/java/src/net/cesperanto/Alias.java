package net.cesperanto;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the full overload of a method of {@link Cle} that is another name of
 * an op (an upstream name, usually {@link Deprecated}); the value is the op's
 * spec name. Reflection (the signature test) reads it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Alias {
  String value();
}
