package net.cesperanto;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The spec's default of an op parameter, as the spec writes it ("0", "box",
 * "nan"), on the full overload of each generated method in {@link Cle}. The
 * shorter overloads pass exactly these values; reflection reads them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Default {
  String value();
}
