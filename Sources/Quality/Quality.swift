/// Quality: measurement schemas and per-record metadata-quality measurements.
public enum QualityModule {}
