package dev.cohortlake.clv;

import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.BgNbd;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.ModifiedBgNbd;
import dev.cohortlake.model.ParetoNbd;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RfmPatterns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The configured purchase models by kind: their names, fits and construction from parameters. */
public final class PurchaseModels {

  private PurchaseModels() {}

  /** The name written to the tables, e.g. {@code bg_nbd}. */
  public static String name(PurchaseModelKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** Fits a model of this kind by maximum likelihood. */
  public static Fitted<PurchaseModel> fit(PurchaseModelKind kind, RfmPatterns patterns) {
    Fitted<? extends PurchaseModel> fitted =
        switch (kind) {
          case BG_NBD -> BgNbd.fit(patterns);
          case MBG_NBD -> ModifiedBgNbd.fit(patterns);
          case PARETO_NBD -> ParetoNbd.fit(patterns);
        };
    return new Fitted<>(fitted.model(), fitted.fit());
  }

  /** A model's parameters by name, in the fit's order. */
  public static Map<String, Double> parameters(PurchaseModel model) {
    Map<String, Double> byName = new LinkedHashMap<>();
    if (model instanceof BgNbd m) {
      put(byName, BgNbd.PARAMETERS, m.r(), m.alpha(), m.a(), m.b());
    } else if (model instanceof ModifiedBgNbd m) {
      put(byName, ModifiedBgNbd.PARAMETERS, m.r(), m.alpha(), m.a(), m.b());
    } else if (model instanceof ParetoNbd m) {
      put(byName, ParetoNbd.PARAMETERS, m.r(), m.alpha(), m.s(), m.beta());
    } else {
      throw new IllegalArgumentException("Unknown purchase model " + model.name());
    }
    return byName;
  }

  private static void put(Map<String, Double> byName, List<String> names, double... values) {
    for (int i = 0; i < values.length; i++) {
      byName.put(names.get(i), values[i]);
    }
  }

  /** The model of this kind at parameters in the fit's order. */
  public static PurchaseModel at(PurchaseModelKind kind, double[] p) {
    return switch (kind) {
      case BG_NBD -> new BgNbd(p[0], p[1], p[2], p[3]);
      case MBG_NBD -> new ModifiedBgNbd(p[0], p[1], p[2], p[3]);
      case PARETO_NBD -> new ParetoNbd(p[0], p[1], p[2], p[3]);
    };
  }
}
