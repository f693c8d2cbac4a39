function r { r }; r
