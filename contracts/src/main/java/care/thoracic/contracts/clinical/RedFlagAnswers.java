package care.thoracic.contracts.clinical;

/** The intake's red-flag questions; every one must be answered (CLINICAL §1). */
public record RedFlagAnswers(
    boolean progressiveNumbness,
    boolean bowelBladderDysfunction,
    boolean fever,
    boolean unexplainedWeightLoss,
    boolean significantTrauma,
    boolean chestPainOrBreathlessness) {}
