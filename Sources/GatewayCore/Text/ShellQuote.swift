import Foundation

/// POSIX shell quoting, the one way the gateway puts outside text into a command line (job templates, sandbox commands).
public enum ShellQuote {
    /// `'…'` with every `'` written as `'\''`: the shell reads it back byte for byte.
    public static func single(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// `text` as one shell word: bare when it has only characters no shell treats specially, else single-quoted.
    public static func word(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_-./:@%+=,".unicodeScalars.contains(scalar))
        }
        return safe && !text.isEmpty ? text : single(text)
    }
}
