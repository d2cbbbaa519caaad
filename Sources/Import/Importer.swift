/// Loads published dumps (ZIP, directory, XML, JSON Lines) into the store (filled in by the import work).
public enum ImportPlaceholder {}
