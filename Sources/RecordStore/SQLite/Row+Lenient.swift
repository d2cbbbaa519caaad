import GRDB

extension Row {
    /// Column `index` as `T`; nil when it is NULL or holds a value no `T` can be made from. A damaged or hand-edited
    /// store may hold any value in any column, and GRDB's typed subscripts stop the process on such a value.
    func lenient<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type = T.self) -> T? {
        T.fromDatabaseValue(self[index] as DatabaseValue)
    }
}
